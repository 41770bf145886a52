package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.QuerySigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.User;

/** The IAM-compatible service at /services/Euare, driven by the AWS SDK's IAM client. */
class IamTest {
  @TempDir static Path tmp;
  static ClcApiFixture f;
  static AccessKeyOwner tenantAdmin;
  static IamClient iam;

  @BeforeAll
  static void start() throws Exception {
    f = new ClcApiFixture(tmp.resolve("clc"));
    tenantAdmin = f.newAccount("iam-tenant");
    iam = iam(tenantAdmin.accessKeyId(), tenantAdmin.secretKey());
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(iam, f);
  }

  static IamClient iam(String ak, String sk) {
    return IamClient.builder().endpointOverride(URI.create(f.base() + "/services/Euare"))
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ak, sk)))
        .httpClient(ApacheHttpClient.create()).build();
  }

  static String code(Throwable t) {
    return ((IamException) t).awsErrorDetails().errorCode();
  }

  static boolean ec2Works(String ak, String sk) {
    try (Ec2Client ec2 = f.ec2(ak, sk)) {
      ec2.describeRegions();
      return true;
    } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthFailure");
      return false;
    }
  }

  @Test
  void usersAndTheirKeys() {
    User alice = iam.createUser(r -> r.userName("alice").path("/dev/")).user();
    assertThat(alice.arn()).isEqualTo("arn:aws:iam::" + tenantAdmin.accountNumber() + ":user/dev/alice");
    assertThatThrownBy(() -> iam.createUser(r -> r.userName("alice"))).satisfies(e -> {
      assertThat(code(e)).isEqualTo("EntityAlreadyExists");
      assertThat(((IamException) e).statusCode()).isEqualTo(409);
    });
    assertThat(iam.listUsers().users()).extracting(User::userName).contains("admin", "alice");
    assertThat(iam.listUsers(r -> r.pathPrefix("/dev/")).users()).extracting(User::userName).containsExactly("alice");
    assertThat(iam.getUser(r -> r.userName("alice")).user().userId()).isEqualTo(alice.userId());
    assertThat(iam.getUser().user().userName()).isEqualTo("admin");

    AccessKey k = iam.createAccessKey(r -> r.userName("alice")).accessKey();
    assertThat(k.status()).isEqualTo(StatusType.ACTIVE);
    assertThat(ec2Works(k.accessKeyId(), k.secretAccessKey())).isTrue();
    iam.updateAccessKey(r -> r.userName("alice").accessKeyId(k.accessKeyId()).status(StatusType.INACTIVE));
    assertThat(ec2Works(k.accessKeyId(), k.secretAccessKey())).isFalse();
    iam.updateAccessKey(r -> r.userName("alice").accessKeyId(k.accessKeyId()).status(StatusType.ACTIVE));
    assertThat(ec2Works(k.accessKeyId(), k.secretAccessKey())).isTrue();

    // Alice manages her own keys but not other users.
    try (IamClient asAlice = iam(k.accessKeyId(), k.secretAccessKey())) {
      assertThat(asAlice.listAccessKeys().accessKeyMetadata()).extracting(m -> m.accessKeyId())
          .containsExactly(k.accessKeyId());
      AccessKey second = asAlice.createAccessKey().accessKey();
      assertThatThrownBy(asAlice::createAccessKey).satisfies(e -> assertThat(code(e)).isEqualTo("LimitExceeded"));
      assertThatThrownBy(() -> asAlice.createUser(r -> r.userName("mallory")))
          .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
      assertThatThrownBy(() -> asAlice.listAccessKeys(r -> r.userName("admin")))
          .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
      asAlice.deleteAccessKey(r -> r.accessKeyId(second.accessKeyId()));
    }

    assertThatThrownBy(() -> iam.deleteUser(r -> r.userName("alice")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("DeleteConflict"));
    iam.deleteAccessKey(r -> r.userName("alice").accessKeyId(k.accessKeyId()));
    assertThat(ec2Works(k.accessKeyId(), k.secretAccessKey())).isFalse();
    iam.deleteUser(r -> r.userName("alice"));
    assertThatThrownBy(() -> iam.getUser(r -> r.userName("alice"))).satisfies(e -> {
      assertThat(code(e)).isEqualTo("NoSuchEntity");
      assertThat(((IamException) e).statusCode()).isEqualTo(404);
    });
    assertThatThrownBy(() -> iam.createUser(r -> r.userName("bad name!")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"));
  }

  @Test
  void signingCertificatesAreIssuedByTheCloudCa() throws Exception {
    iam.createUser(r -> r.userName("bob"));
    HttpResponse<String> r = post(tenantAdmin, Map.of("Action", "CreateSigningCertificate", "Version", "2010-05-08",
        "UserName", "bob"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("<CreateSigningCertificateResult>").contains("<ResponseMetadata><RequestId>")
        .contains("-----BEGIN RSA PRIVATE KEY-----");
    String pem = r.body().substring(r.body().indexOf("-----BEGIN CERTIFICATE-----"),
        r.body().indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length());
    X509Certificate cert = CloudCa.readCert(pem);
    String caPem = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(f.base() + "/cloud-cert.pem"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    cert.verify(CloudCa.readCert(caPem).getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).contains("CN=bob").contains(tenantAdmin.accountNumber());
    assertThat(iam.listSigningCertificates(x -> x.userName("bob")).certificates()).singleElement()
        .satisfies(c -> assertThat(c.certificateBody().strip()).isEqualTo(pem.strip()));
  }

  /**
   * euca2ools (2.x and 3.x, {@code euare-usercreatecert}) read the key the server made at
   * {@code Certificate/PrivateKey} of the result, as Eucalyptus answered: read it from there, and
   * check that it is the key of the certificate beside it.
   */
  @Test
  void aServerMadeKeyIsInsideTheCertificateElement() throws Exception {
    iam.createUser(r -> r.userName("dora"));
    HttpResponse<String> r = post(tenantAdmin, Map.of("Action", "CreateSigningCertificate", "Version", "2010-05-08",
        "UserName", "dora"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new java.io.ByteArrayInputStream(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    javax.xml.xpath.XPath xp = javax.xml.xpath.XPathFactory.newInstance().newXPath();
    String result = "/CreateSigningCertificateResponse/CreateSigningCertificateResult/Certificate/";
    String keyPem = xp.evaluate(result + "PrivateKey", doc);
    String certPem = xp.evaluate(result + "CertificateBody", doc);
    assertThat(keyPem).as(r.body()).contains("PRIVATE KEY-----");
    assertThat(xp.evaluate(result + "CertificateId", doc)).isNotEmpty();
    assertThat(xp.evaluate(result + "UserName", doc)).isEqualTo("dora");
    assertThat(xp.evaluate("count(/CreateSigningCertificateResponse/CreateSigningCertificateResult/PrivateKey)", doc))
        .isEqualTo("0");
    java.security.Signature sign = java.security.Signature.getInstance("SHA256withRSA");
    sign.initSign(org.eucalyptus.common.pki.Pem.privateKey(keyPem));
    sign.update(new byte[] {1, 2, 3});
    byte[] sig = sign.sign();
    java.security.Signature verify = java.security.Signature.getInstance("SHA256withRSA");
    verify.initVerify(CloudCa.readCert(certPem).getPublicKey());
    verify.update(new byte[] {1, 2, 3});
    assertThat(verify.verify(sig)).isTrue();
  }

  @Test
  void accountsAreTheCloudAdministratorsAffair() throws Exception {
    AccessKeyOwner cloudAdmin = f.clc.admin();
    HttpResponse<String> made = post(cloudAdmin, Map.of("Action", "CreateAccount", "Version", "2010-05-08",
        "AccountName", "made-by-api"));
    assertThat(made.body()).contains("<AccountName>made-by-api</AccountName>").containsPattern("<AccountId>\\d{12}<");
    HttpResponse<String> dup = post(cloudAdmin, Map.of("Action", "CreateAccount", "Version", "2010-05-08",
        "AccountName", "made-by-api"));
    assertThat(dup.statusCode()).isEqualTo(409);
    assertThat(dup.body()).contains("<ErrorResponse").contains("<Code>EntityAlreadyExists</Code>");
    assertThat(post(cloudAdmin, Map.of("Action", "ListAccounts", "Version", "2010-05-08")).body())
        .contains("<AccountName>eucalyptus</AccountName>").contains("<AccountName>made-by-api</AccountName>");
    HttpResponse<String> denied = post(tenantAdmin, Map.of("Action", "ListAccounts", "Version", "2010-05-08"));
    assertThat(denied.statusCode()).isEqualTo(403);
    // The cloud administrator acts for an account by naming it.
    HttpResponse<String> delegated = post(cloudAdmin, Map.of("Action", "CreateUser", "Version", "2010-05-08",
        "UserName", "carol", "DelegateAccount", "made-by-api"));
    assertThat(delegated.statusCode()).as(delegated.body()).isEqualTo(200);
    assertThat(post(tenantAdmin, Map.of("Action", "CreateUser", "Version", "2010-05-08", "UserName", "x",
        "DelegateAccount", "made-by-api")).statusCode()).isEqualTo(403);
  }

  private static HttpResponse<String> post(AccessKeyOwner key, Map<String, String> params) throws Exception {
    String body = QuerySigner.formBody(params);
    URI uri = URI.create(f.base() + "/services/Euare");
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    new QuerySigner(key.accessKeyId(), key.secretKey(), "eucalyptus", "iam").sign(uri, body, Instant.now())
        .forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
