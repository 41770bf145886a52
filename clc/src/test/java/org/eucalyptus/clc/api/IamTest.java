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
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.User;

/** The IAM-compatible service at /services/Euare, driven by the AWS SDK's IAM client. */
@IntegrationTest
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
        .httpClient(Apache5HttpClient.create()).build();
  }

  static String code(Throwable t) {
    return ((IamException) t).awsErrorDetails().errorCode();
  }

  /**
   * Whether EC2 accepts the key: the call is answered, or refused as UnauthorizedOperation (the key
   * is good; its user's policies do not allow the call), rather than AuthFailure.
   */
  static boolean ec2Works(String ak, String sk) {
    try (Ec2Client ec2 = f.ec2(ak, sk)) {
      ec2.describeRegions();
      return true;
    } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
      if (e.awsErrorDetails().errorCode().equals("UnauthorizedOperation")) {
        return true;
      }
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthFailure");
      return false;
    }
  }

  /** Gives a user an inline policy, written as IAM's PutUserPolicy would store it. */
  static void putUserPolicy(String userId, String document) {
    try (org.eucalyptus.clc.persistence.Database db = new org.eucalyptus.clc.persistence.Database(f.database,
        org.eucalyptus.clc.CloudController.ENTITIES)) {
      db.run(s -> s.persist(new org.eucalyptus.clc.identity.IamPolicy("p" + Long.toHexString(System.nanoTime()),
          org.eucalyptus.clc.identity.IamPolicy.OwnerKind.USER, userId, "test", document, Instant.now())));
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
    // Alice may manage her own keys, as her policy says.
    putUserPolicy(alice.userId(), "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:*AccessKey*\"],"
        + "\"Resource\":\"" + alice.arn() + "\"}]}");
    iam.updateAccessKey(r -> r.userName("alice").accessKeyId(k.accessKeyId()).status(StatusType.INACTIVE));
    assertThat(ec2Works(k.accessKeyId(), k.secretAccessKey())).isFalse();
    iam.updateAccessKey(r -> r.userName("alice").accessKeyId(k.accessKeyId()).status(StatusType.ACTIVE));
    assertThat(ec2Works(k.accessKeyId(), k.secretAccessKey())).isTrue();

    // Alice manages her own keys but not other users: no policy of hers allows it.
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
    // Her policy holds her too, until it goes.
    assertThatThrownBy(() -> iam.deleteUser(r -> r.userName("alice")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("DeleteConflict"));
    for (String policy : iam.listUserPolicies(r -> r.userName("alice")).policyNames()) {
      iam.deleteUserPolicy(r -> r.userName("alice").policyName(policy));
    }
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

  static HttpResponse<String> call(AccessKeyOwner key, String action, String... params) throws Exception {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("Action", action);
    m.put("Version", "2010-05-08");
    for (int i = 0; i < params.length; i += 2) {
      m.put(params[i], params[i + 1]);
    }
    return post(key, m);
  }

  static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).contains("<ErrorResponse").contains("<Code>" + code + "</Code>");
  }

  static void assertOk(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** A user with an access key and a signing certificate, in the tenant account; returns the key. */
  static AccessKey userWithKeyAndCertificate(String name) throws Exception {
    iam.createUser(r -> r.userName(name));
    AccessKey k = iam.createAccessKey(r -> r.userName(name)).accessKey();
    assertOk(call(tenantAdmin, "CreateSigningCertificate", "UserName", name));
    return k;
  }

  /** DeleteUser refuses a user with keys or certificates; IsRecursive=true (euare-userdel -R) deletes them first. */
  @Test
  void deleteUserIsRecursive() throws Exception {
    AccessKey k = userWithKeyAndCertificate("erin");
    assertError(call(tenantAdmin, "DeleteUser", "UserName", "erin"), 409, "DeleteConflict");
    assertError(call(tenantAdmin, "DeleteUser", "UserName", "erin", "IsRecursive", "maybe"), 400, "ValidationError");
    assertThat(ec2Works(k.accessKeyId(), k.secretAccessKey())).isTrue();

    assertOk(call(tenantAdmin, "DeleteUser", "UserName", "erin", "IsRecursive", "true"));
    assertError(call(tenantAdmin, "GetUser", "UserName", "erin"), 404, "NoSuchEntity");
    assertThat(ec2Works(k.accessKeyId(), k.secretAccessKey())).isFalse();
    // The user comes back empty: nothing of the old one is left.
    iam.createUser(r -> r.userName("erin"));
    assertThat(iam.listAccessKeys(r -> r.userName("erin")).accessKeyMetadata()).isEmpty();
    assertThat(iam.listSigningCertificates(r -> r.userName("erin")).certificates()).isEmpty();
    assertOk(call(tenantAdmin, "DeleteUser", "UserName", "erin"));
    assertError(call(tenantAdmin, "DeleteUser", "UserName", "admin", "IsRecursive", "true"), 409, "DeleteConflict");
  }

  /**
   * {@code euare-userdel -r} (euca2ools 3.4) deletes on the client side: it lists the user's keys,
   * policies, certificates and groups and asks for a login profile, deletes each, then the user.
   * These are its requests in its order.
   */
  @Test
  void euareUserdelRecursiveOnTheClientSide() throws Exception {
    AccessKey k = userWithKeyAndCertificate("fred");
    String keys = call(tenantAdmin, "ListAccessKeys", "UserName", "fred").body();
    assertThat(keys).contains("<AccessKeyId>" + k.accessKeyId() + "</AccessKeyId>");
    HttpResponse<String> policies = call(tenantAdmin, "ListUserPolicies", "UserName", "fred");
    assertOk(policies);
    assertThat(policies.body()).contains("<PolicyNames></PolicyNames>").contains("<IsTruncated>false</IsTruncated>");
    String certs = call(tenantAdmin, "ListSigningCertificates", "UserName", "fred").body();
    String certId = certs.replaceAll("(?s).*<CertificateId>([^<]+)</CertificateId>.*", "$1");
    HttpResponse<String> groups = call(tenantAdmin, "ListGroupsForUser", "UserName", "fred");
    assertOk(groups);
    assertThat(groups.body()).contains("<Groups></Groups>");
    assertError(call(tenantAdmin, "GetLoginProfile", "UserName", "fred"), 404, "NoSuchEntity");
    assertOk(call(tenantAdmin, "DeleteAccessKey", "UserName", "fred", "AccessKeyId", k.accessKeyId()));
    assertOk(call(tenantAdmin, "DeleteSigningCertificate", "UserName", "fred", "CertificateId", certId));
    assertError(call(tenantAdmin, "DeleteSigningCertificate", "UserName", "fred", "CertificateId", certId), 404,
        "NoSuchEntity");
    assertOk(call(tenantAdmin, "DeleteUser", "UserName", "fred"));
    // Of a user that is not there, each says so.
    assertError(call(tenantAdmin, "ListUserPolicies", "UserName", "fred"), 404, "NoSuchEntity");
    assertError(call(tenantAdmin, "ListGroupsForUser", "UserName", "fred"), 404, "NoSuchEntity");
    assertError(call(tenantAdmin, "GetLoginProfile", "UserName", "fred"), 404, "NoSuchEntity");
  }

  /**
   * DeleteAccount (euare-accountdel): an account holding more than its bare admin is refused without
   * Recursive; with Recursive=true its users, keys, certificates and EC2 resources go (elastic
   * addresses back to the pool), but never while it has instances that are not terminated.
   */
  @Test
  void deleteAccountIsRecursiveButNotWhileInstancesLive() throws Exception {
    AccessKeyOwner cloudAdmin = f.clc.admin();
    AccessKeyOwner gone = f.newAccount("doomed");
    assertError(call(gone, "DeleteAccount", "AccountName", "doomed"), 403, "AccessDenied");
    assertOk(call(cloudAdmin, "CreateUser", "UserName", "u1", "DelegateAccount", "doomed"));
    assertOk(call(cloudAdmin, "CreateSigningCertificate", "UserName", "u1", "DelegateAccount", "doomed"));
    try (Ec2Client ec2 = f.ec2(gone)) {
      ec2.createKeyPair(r -> r.keyName("doomed-key"));
      String sg = ec2.createSecurityGroup(r -> r.groupName("web").description("web")).groupId();
      // Another account's rule that names a group of the doomed account goes with it.
      try (Ec2Client other = f.ec2(tenantAdmin)) {
        other.createSecurityGroup(r -> r.groupName("from-doomed").description("x"));
        other.authorizeSecurityGroupIngress(r -> r.groupName("from-doomed").ipPermissions(IpPermission.builder().ipProtocol("tcp")
            .fromPort(22).toPort(22)
                .userIdGroupPairs(UserIdGroupPair.builder().userId(gone.accountNumber()).groupName("web").build()).build()));
      }
      assertThat(sg).isNotEmpty();
    }
    HttpResponse<String> refused = call(cloudAdmin, "DeleteAccount", "AccountName", "doomed");
    assertError(refused, 409, "DeleteConflict");
    assertThat(refused.body()).contains("user(s) besides admin").contains("key pair(s)").contains("Recursive=true");

    insertInstance("i-d00bed01", gone.accountNumber(), "running");
    HttpResponse<String> live = call(cloudAdmin, "DeleteAccount", "AccountName", "doomed", "Recursive", "true");
    assertError(live, 409, "DeleteConflict");
    assertThat(live.body()).contains("i-d00bed01").contains("terminate");
    assertThat(ec2Works(gone.accessKeyId(), gone.secretKey())).isTrue();

    setInstanceState("i-d00bed01", "terminated");
    // By number, as euca2ools 3.4 allows.
    assertOk(call(cloudAdmin, "DeleteAccount", "AccountName", gone.accountNumber(), "Recursive", "true"));
    assertThat(call(cloudAdmin, "ListAccounts").body()).doesNotContain("<AccountName>doomed</AccountName>");
    assertThat(ec2Works(gone.accessKeyId(), gone.secretKey())).isFalse();
    assertError(call(cloudAdmin, "DeleteAccount", "AccountName", "doomed", "Recursive", "true"), 404, "NoSuchEntity");
    try (Ec2Client other = f.ec2(tenantAdmin)) {
      assertThat(other.describeSecurityGroups(r -> r.groupNames("from-doomed")).securityGroups().get(0)
          .ipPermissions()).isEmpty();
    }
    // The name is free again, and the new account starts empty.
    AccessKeyOwner again = f.newAccount("doomed");
    try (Ec2Client ec2 = f.ec2(again)) {
      assertThat(ec2.describeKeyPairs().keyPairs()).isEmpty();
    }
  }

  @Test
  void anEmptyAccountGoesWithoutRecursiveButTheSystemAccountNever() throws Exception {
    AccessKeyOwner cloudAdmin = f.clc.admin();
    f.clc.identity().createAccount("bare");
    assertOk(call(cloudAdmin, "DeleteAccount", "AccountName", "bare"));
    assertThat(f.clc.identity().findAccount("bare")).isEmpty();
    assertError(call(cloudAdmin, "DeleteAccount", "AccountName", "eucalyptus", "Recursive", "true"), 409,
        "DeleteConflict");
    assertError(call(cloudAdmin, "DeleteAccount"), 400, "MissingParameter");
  }

  static void insertInstance(String id, String account, String state) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(f.database.jdbcUrl(), f.database.user(),
        f.database.password());
        java.sql.PreparedStatement st = c.prepareStatement("insert into instances (instance_id, reservation_id,"
            + " account_number, user_id, image_id, vm_type, cluster, state, launch_index, mac_address, launch_time,"
            + " state_changed) values (?, 'r-d00bed01', ?, 'AIDUNKNOWN', 'emi-d00bed01', 'm1.small', 'cluster01', ?,"
            + " 0, 'd0:0d:d0:0b:ed:01', ?, ?)")) {
      java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
      st.setString(1, id);
      st.setString(2, account);
      st.setString(3, state);
      st.setTimestamp(4, now);
      st.setTimestamp(5, now);
      st.executeUpdate();
    }
  }

  static void setInstanceState(String id, String state) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(f.database.jdbcUrl(), f.database.user(),
        f.database.password());
        java.sql.PreparedStatement st = c.prepareStatement("update instances set state = ? where instance_id = ?")) {
      st.setString(1, state);
      st.setString(2, id);
      st.executeUpdate();
    }
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
