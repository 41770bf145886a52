package org.eucalyptus.walrus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.persistence.DatabaseSettings;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.walrus.auth.DatabaseKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Walrus on its own server (as on a host of its own), checking signatures against the access keys
 * in the cloud controller's database; driven by the AWS SDK's S3 client.
 */
@IntegrationTest
class StandaloneWalrusTest {
  @TempDir static Path tmp;
  static CloudController clc;
  static DatabaseKeyResolver keys;
  static HttpServer walrus;
  static Walrus w;
  static AccessKeyOwner admin;
  static AccessKeyOwner tenant;

  @BeforeAll
  static void start() throws Exception {
    clc = new CloudController(EucaConf.of(Map.of("CLC_DATA_DIR", tmp.resolve("clc").toString()))).start();
    admin = clc.admin();
    clc.identity().createAccount("tenant");
    tenant = clc.identity().createAccessKey("tenant", "admin");
    keys = new DatabaseKeyResolver(DatabaseSettings.embedded(tmp.resolve("clc")).jdbcUrl(), "sa", "");
    w = new Walrus(EucaConf.of(Map.of("WALRUS_STORAGE_DIR", tmp.resolve("walrus").toString())), keys);
    walrus = new HttpServer("walrus-test", new InetSocketAddress("127.0.0.1", 0), w.routes()).start();
  }

  @AfterAll
  static void stop() {
    walrus.close();
    w.close();
    keys.close();
    clc.close();
  }

  static S3Client s3(String accessKey, String secret) {
    return S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + walrus.port() + "/services/Walrus"))
        .forcePathStyle(true)
        .region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
        .httpClient(Apache5HttpClient.create())
        .build();
  }

  @Test
  void bucketsBelongToTheirAccount() {
    try (S3Client a = s3(admin.accessKeyId(), admin.secretKey()); S3Client t = s3(tenant.accessKeyId(), tenant.secretKey())) {
      a.createBucket(b -> b.bucket("admins-bucket"));
      t.createBucket(b -> b.bucket("tenants-bucket"));
      assertThat(a.listBuckets().buckets()).extracting(Bucket::name).containsExactly("admins-bucket");
      assertThat(t.listBuckets().buckets()).extracting(Bucket::name).containsExactly("tenants-bucket");
      assertThat(t.listBuckets().owner().id()).isEqualTo(tenant.accountNumber());
      assertThatThrownBy(() -> t.createBucket(b -> b.bucket("admins-bucket")))
          .isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketAlreadyExists");
            assertThat(e.statusCode()).isEqualTo(409);
          });
      assertThatThrownBy(() -> a.createBucket(b -> b.bucket("admins-bucket")))
          .isInstanceOfSatisfying(S3Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketAlreadyOwnedByYou"));
    }
  }

  @Test
  void badCredentialsGetS3Errors() throws Exception {
    try (S3Client wrong = s3(admin.accessKeyId(), "wrong-secret")) {
      assertThatThrownBy(wrong::listBuckets).isInstanceOfSatisfying(S3Exception.class, e -> {
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.statusCode()).isEqualTo(403);
      });
    }
    try (S3Client unknown = s3("AKINOSUCHKEY00000000", "x")) {
      assertThatThrownBy(unknown::listBuckets).isInstanceOfSatisfying(S3Exception.class,
          e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId"));
    }
    HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + walrus.port() + "/services/Walrus/")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(anonymous.body()).contains("<Error><Code>AccessDenied</Code>").contains("<RequestId>");
  }
}
