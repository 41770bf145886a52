package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.persistence.DatabaseSettings;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Walrus in the cloud's process checks the CLC's stored policies (CloudMain hands it StoredPolicies),
 * and RegisterImage, which reads the manifest from Walrus as the registering user, needs that user
 * to be allowed s3:GetObject on it.
 */
@IntegrationTest
class WalrusPoliciesInCloudTest {
  @TempDir static Path tmp;
  static CloudMain cloud;
  static AccessKeyOwner admin;
  static AccessKeyOwner dev;

  @BeforeAll
  static void start() throws Exception {
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString())));
    cloud.clc().identity().createAccount("images");
    admin = cloud.clc().identity().createAccessKey("images", "admin");
    new IamDirectory(cloud.clc().identity(), cloud.clc().ca()).createUser(admin.accountNumber(), "dev", "/");
    dev = cloud.clc().identity().createAccessKey("images", "dev");
  }

  @AfterAll
  static void stop() {
    if (cloud != null) {
      cloud.close();
    }
  }

  static S3Client s3(AccessKeyOwner who) {
    return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + cloud.port() + "/services/Walrus"))
        .forcePathStyle(true).region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(who.accessKeyId(),
            who.secretKey())))
        .httpClient(Apache5HttpClient.create()).build();
  }

  static Ec2Client ec2(AccessKeyOwner who) {
    return Ec2Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + cloud.port() + "/services/Eucalyptus"))
        .region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(who.accessKeyId(),
            who.secretKey())))
        .httpClient(Apache5HttpClient.create()).build();
  }

  /** Stores a user policy as the IAM API would (the CLC's own table). */
  static void userPolicy(String userId, String name, String document) throws Exception {
    try (Connection c = DriverManager.getConnection(DatabaseSettings.embedded(tmp.resolve("clc")).jdbcUrl(), "sa", "");
         PreparedStatement st = c.prepareStatement("insert into iam_policies (policy_id, owner_kind, owner_id, name,"
             + " document, created) values (?, 'USER', ?, ?, ?, current_timestamp)")) {
      st.setString(1, (name + "00000000000000000000000000000000").substring(0, 32));
      st.setString(2, userId);
      st.setString(3, name);
      st.setString(4, document);
      st.executeUpdate();
    }
  }

  @Test
  void registeringAnImageNeedsS3GetObjectOnItsManifest() throws Exception {
    try (S3Client a = s3(admin); S3Client d = s3(dev); Ec2Client e = ec2(dev)) {
      a.createBucket(b -> b.bucket("bundles"));
      a.putObject(r -> r.bucket("bundles").key("img.manifest.xml"), RequestBody.fromString("<manifest/>"));
      // The CLC's policies reach Walrus in its process: a user without any is refused.
      assertThatThrownBy(() -> d.getObjectAsBytes(r -> r.bucket("bundles").key("img.manifest.xml")))
          .isInstanceOfSatisfying(S3Exception.class,
              x -> assertThat(x.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
      assertThatThrownBy(() -> e.registerImage(r -> r.name("img").imageLocation("bundles/img.manifest.xml")))
          .isInstanceOfSatisfying(Ec2Exception.class, x -> assertThat(x.getMessage()).contains("403"));
      userPolicy(dev.userId(), "images", "{\"Version\":\"2012-10-17\",\"Statement\":["
          + "{\"Effect\":\"Allow\",\"Action\":\"ec2:*\",\"Resource\":\"*\"},"
          + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bundles/*\"}]}");
      assertThat(d.getObjectAsBytes(r -> r.bucket("bundles").key("img.manifest.xml")).asUtf8String())
          .isEqualTo("<manifest/>");
      // Now the manifest is read, and refused for what it is, not for who reads it.
      assertThatThrownBy(() -> e.registerImage(r -> r.name("img").imageLocation("bundles/img.manifest.xml")))
          .isInstanceOfSatisfying(Ec2Exception.class, x -> assertThat(x.getMessage()).doesNotContain("403"));
    }
  }
}
