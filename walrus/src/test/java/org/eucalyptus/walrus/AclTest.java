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
import java.util.Optional;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;

/** Canned ACLs and explicit grants, enforced for another account and for unsigned requests. */
@IntegrationTest
class AclTest {
  static final AccessKeyOwner OWNER =
      new AccessKeyOwner("AKIACLOWNER000000000", "owner-secret", "111111111111", "owner", "u1", "admin", false);
  static final AccessKeyOwner OTHER =
      new AccessKeyOwner("AKIACLOTHER000000000", "other-secret", "222222222222", "other", "u2", "admin", false);

  @TempDir Path tmp;
  Walrus walrus;
  HttpServer server;
  S3Client owner;
  S3Client other;
  S3Client anonymous;

  @BeforeEach
  void start() throws Exception {
    walrus = new Walrus(EucaConf.of(Map.of("WALRUS_STORAGE_DIR", tmp.toString())), id ->
        id.equals(OWNER.accessKeyId()) ? Optional.of(OWNER) : id.equals(OTHER.accessKeyId()) ? Optional.of(OTHER)
            : Optional.empty());
    server = new HttpServer("walrus-acl", new InetSocketAddress("127.0.0.1", 0), walrus.routes()).start();
    owner = client(StaticCredentialsProvider.create(AwsBasicCredentials.create(OWNER.accessKeyId(), OWNER.secretKey())));
    other = client(StaticCredentialsProvider.create(AwsBasicCredentials.create(OTHER.accessKeyId(), OTHER.secretKey())));
    anonymous = client(AnonymousCredentialsProvider.create());
    owner.createBucket(b -> b.bucket("acl-bucket"));
  }

  S3Client client(AwsCredentialsProvider creds) {
    return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.port() + "/services/Walrus"))
        .forcePathStyle(true).region(Region.of("eucalyptus")).credentialsProvider(creds)
        .httpClient(Apache5HttpClient.create()).build();
  }

  @AfterEach
  void stop() {
    owner.close();
    other.close();
    anonymous.close();
    server.close();
    walrus.close();
  }

  static int status(Throwable t) {
    return ((S3Exception) t).statusCode();
  }

  @Test
  void privateByDefault() {
    owner.putObject(r -> r.bucket("acl-bucket").key("secret"), RequestBody.fromString("mine"));
    for (S3Client stranger : new S3Client[] {other, anonymous}) {
      assertThatThrownBy(() -> stranger.getObjectAsBytes(r -> r.bucket("acl-bucket").key("secret")))
          .satisfies(e -> assertThat(status(e)).isEqualTo(403));
      assertThatThrownBy(() -> stranger.listObjectsV2(r -> r.bucket("acl-bucket")))
          .satisfies(e -> assertThat(status(e)).isEqualTo(403));
      assertThatThrownBy(() -> stranger.putObject(r -> r.bucket("acl-bucket").key("x"), RequestBody.fromString("x")))
          .satisfies(e -> assertThat(status(e)).isEqualTo(403));
    }
    assertThatThrownBy(() -> other.deleteBucket(r -> r.bucket("acl-bucket")))
        .satisfies(e -> assertThat(status(e)).isEqualTo(403));
    assertThatThrownBy(anonymous::listBuckets).satisfies(e -> assertThat(status(e)).isEqualTo(403));
  }

  @Test
  void cannedAclsOpenObjectsAndBuckets() throws Exception {
    owner.putObject(r -> r.bucket("acl-bucket").key("public").acl(ObjectCannedACL.PUBLIC_READ),
        RequestBody.fromString("for everyone"));
    assertThat(anonymous.getObjectAsBytes(r -> r.bucket("acl-bucket").key("public")).asUtf8String())
        .isEqualTo("for everyone");
    // A plain unsigned GET, as a browser or curl would.
    HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + server.port() + "/services/Walrus/acl-bucket/public")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(plain.body()).isEqualTo("for everyone");
    owner.putObject(r -> r.bucket("acl-bucket").key("members").acl(ObjectCannedACL.AUTHENTICATED_READ),
        RequestBody.fromString("for accounts"));
    assertThat(other.getObjectAsBytes(r -> r.bucket("acl-bucket").key("members")).asUtf8String())
        .isEqualTo("for accounts");
    assertThatThrownBy(() -> anonymous.getObjectAsBytes(r -> r.bucket("acl-bucket").key("members")))
        .satisfies(e -> assertThat(status(e)).isEqualTo(403));

    owner.putBucketAcl(r -> r.bucket("acl-bucket").acl(software.amazon.awssdk.services.s3.model.BucketCannedACL
        .PUBLIC_READ_WRITE));
    anonymous.putObject(r -> r.bucket("acl-bucket").key("dropped"), RequestBody.fromString("from anyone"));
    assertThat(anonymous.listObjectsV2(r -> r.bucket("acl-bucket")).contents()).extracting(o -> o.key())
        .contains("dropped", "public");
  }

  @Test
  void explicitGrantsByDocumentAndHeader() {
    owner.putObject(r -> r.bucket("acl-bucket").key("shared"), RequestBody.fromString("shared"));
    assertThatThrownBy(() -> other.getObjectAsBytes(r -> r.bucket("acl-bucket").key("shared")))
        .satisfies(e -> assertThat(status(e)).isEqualTo(403));
    var current = owner.getObjectAcl(r -> r.bucket("acl-bucket").key("shared"));
    assertThat(current.grants()).singleElement().satisfies(g -> assertThat(g.permission()).isEqualTo(Permission.FULL_CONTROL));
    owner.putObjectAcl(r -> r.bucket("acl-bucket").key("shared").accessControlPolicy(p -> p
        .owner(o -> o.id(OWNER.accountNumber()))
        .grants(Grant.builder().grantee(x -> x.type(Type.CANONICAL_USER).id(OTHER.accountNumber())).permission(Permission.READ).build())));
    assertThat(other.getObjectAsBytes(r -> r.bucket("acl-bucket").key("shared")).asUtf8String()).isEqualTo("shared");
    assertThat(owner.getObjectAcl(r -> r.bucket("acl-bucket").key("shared")).grants())
        .anySatisfy(g -> assertThat(g.grantee().id()).isEqualTo(OTHER.accountNumber()));
    // The other account may read it, not change who else may.
    assertThatThrownBy(() -> other.putObjectAcl(r -> r.bucket("acl-bucket").key("shared")
        .acl(ObjectCannedACL.PUBLIC_READ))).satisfies(e -> assertThat(status(e)).isEqualTo(403));

    owner.putBucketAcl(r -> r.bucket("acl-bucket").grantWrite("id=\"" + OTHER.accountNumber() + "\""));
    other.putObject(r -> r.bucket("acl-bucket").key("from-other"), RequestBody.fromString("hi"));
    assertThatThrownBy(() -> other.listObjectsV2(r -> r.bucket("acl-bucket")))
        .satisfies(e -> assertThat(status(e)).isEqualTo(403));
  }
}
