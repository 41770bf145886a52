package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.xml.ws.soap.SOAPFaultException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IamPolicy;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.common.soap.security.WsSecurity;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.QuerySigner;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.wsdl.ec2.AmazonEC2PortType;
import org.eucalyptus.wsdl.ec2.DescribeKeyPairs;
import org.eucalyptus.wsdl.ec2.DescribeSecurityGroups;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.User;

/**
 * IAM policies enforced on EC2 (Query and SOAP) and IAM actions, driven by the AWS SDK's EC2 and
 * IAM clients and a WS-Security signing SOAP client. Policies are written in the test's setup
 * straight into the iam_policies table (the IamPolicy entity), as the IAM Put*Policy actions are
 * another part of issue 18.
 */
@IntegrationTest
class PolicyEnforcementTest {
  @TempDir static Path tmp;
  static ClcApiFixture f;
  static Database db;
  static AccessKeyOwner tenant;
  static IamClient tenantIam;
  static String account;

  @BeforeAll
  static void start() throws Exception {
    f = new ClcApiFixture(tmp.resolve("clc"));
    db = new Database(f.database, CloudController.ENTITIES);
    tenant = f.newAccount("policed");
    account = tenant.accountNumber();
    tenantIam = iam(tenant.accessKeyId(), tenant.secretKey());
    insertInstance("i-a0000001");
    insertInstance("i-b0000002");
    try (Ec2Client admin = f.ec2(tenant)) {
      admin.createKeyPair(r -> r.keyName("seen-1"));
      admin.createKeyPair(r -> r.keyName("hidden-1"));
      admin.createSecurityGroup(r -> r.groupName("web").description("web"));
      admin.createSecurityGroup(r -> r.groupName("db").description("db"));
      admin.createTags(r -> r.resources("i-a0000001").tags(Tag.builder().key("k").value("a").build()));
      admin.createTags(r -> r.resources("i-b0000002").tags(Tag.builder().key("k").value("b").build()));
    }
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(tenantIam, db, f);
  }

  static IamClient iam(String ak, String sk) {
    return IamClient.builder().endpointOverride(URI.create(f.base() + "/services/Euare"))
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ak, sk)))
        .httpClient(Apache5HttpClient.create()).build();
  }

  /** A user of the tenant account with an access key and the given policy (none when null). */
  record TestUser(User user, AccessKeyOwner key) {
    Ec2Client ec2() {
      return f.ec2(key);
    }

    IamClient iam() {
      return PolicyEnforcementTest.iam(key.accessKeyId(), key.secretKey());
    }
  }

  static TestUser user(String name, String policy) {
    return user(name, "/", policy);
  }

  static TestUser user(String name, String path, String policy) {
    User u = tenantIam.createUser(r -> r.userName(name).path(path)).user();
    var k = tenantIam.createAccessKey(r -> r.userName(name)).accessKey();
    if (policy != null) {
      putPolicy(u.userId(), "test", policy);
    }
    return new TestUser(u, f.clc.keys().resolve(k.accessKeyId()).orElseThrow());
  }

  static void putPolicy(String userId, String name, String document) {
    db.run(s -> s.persist(new IamPolicy("p" + Long.toHexString(System.nanoTime()), IamPolicy.OwnerKind.USER, userId,
        name, document, Instant.now())));
  }

  static String allow(String action, String resource) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement("Allow", action, resource, "") + "]}";
  }

  static String statement(String effect, String action, String resource, String condition) {
    return "{\"Effect\":\"" + effect + "\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\""
        + (condition.isEmpty() ? "" : ",\"Condition\":" + condition) + "}";
  }

  static void assertEc2Denied(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(Ec2Exception.class, e -> {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("You are not authorized to perform this operation.");
    });
  }

  static void assertIamDenied(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(IamException.class, e -> {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(e.statusCode()).isEqualTo(403);
    });
  }

  @Test
  void everyServedEc2ActionDeclaresWhatItIsCheckedOn() {
    assertThat(new Ec2Permissions(null).declaredActions())
        .containsExactlyInAnyOrderElementsOf(f.clc.queryActions().get(CloudController.EC2_PATH));
  }

  @Test
  void aNewUserMayDoNothing() {
    TestUser u = user("newcomer", null);
    try (Ec2Client ec2 = u.ec2(); IamClient iam = u.iam()) {
      assertEc2Denied(ec2::describeInstances);
      assertEc2Denied(ec2::describeRegions);
      assertEc2Denied(() -> ec2.createKeyPair(r -> r.keyName("mine")));
      assertEc2Denied(() -> ec2.runInstances(r -> r.imageId("emi-00000001").minCount(1).maxCount(1)));
      assertIamDenied(iam::listAccessKeys);
      assertIamDenied(iam::getUser);
      assertIamDenied(() -> iam.createUser(r -> r.userName("other")));
    }
    // Its account's admin may do all of it.
    try (Ec2Client admin = f.ec2(tenant)) {
      assertThat(admin.describeKeyPairs().keyPairs()).extracting(KeyPairInfo::keyName).contains("seen-1", "hidden-1");
      assertThat(admin.describeRegions().regions()).isNotEmpty();
    }
  }

  @Test
  void describeStarLetsAUserDescribeAndNothingMore() {
    TestUser u = user("looker", allow("ec2:Describe*", "*"));
    try (Ec2Client ec2 = u.ec2()) {
      assertThat(ec2.describeInstances().reservations()).flatExtracting(r -> r.instances())
          .extracting(Instance::instanceId).contains("i-a0000001", "i-b0000002");
      assertThat(ec2.describeKeyPairs().keyPairs()).extracting(KeyPairInfo::keyName).contains("seen-1", "hidden-1");
      assertThat(ec2.describeSecurityGroups().securityGroups()).extracting(SecurityGroup::groupName)
          .contains("web", "db");
      assertThat(ec2.describeRegions().regions()).isNotEmpty();
      assertThat(ec2.describeTags().tags()).hasSize(2);
      assertEc2Denied(() -> ec2.createKeyPair(r -> r.keyName("looker-key")));
      assertEc2Denied(() -> ec2.deleteKeyPair(r -> r.keyName("seen-1")));
      assertEc2Denied(() -> ec2.createSecurityGroup(r -> r.groupName("x").description("x")));
      assertEc2Denied(() -> ec2.terminateInstances(r -> r.instanceIds("i-a0000001")));
      assertEc2Denied(() -> ec2.runInstances(r -> r.imageId("emi-00000001").minCount(1).maxCount(1)));
      assertEc2Denied(() -> ec2.allocateAddress());
      assertEc2Denied(() -> ec2.createTags(r -> r.resources("i-a0000001").tags(Tag.builder().key("x").value("y")
          .build())));
    }
    try (IamClient iam = u.iam()) {
      assertIamDenied(iam::listUsers);
    }
  }

  /** A group's policy holds for its members, and only for them. */
  @Test
  void aGroupPolicyAllowsItsMembers() {
    TestUser member = user("member", null);
    TestUser outsider = user("outsider", null);
    String groupId = "g" + Long.toHexString(System.nanoTime());
    db.run(s -> {
      s.persist(new org.eucalyptus.clc.identity.Group(groupId, account, "describers", "/", Instant.now()));
      s.persist(new org.eucalyptus.clc.identity.GroupMember(groupId, member.user().userId()));
      s.persist(new IamPolicy("p" + Long.toHexString(System.nanoTime()), IamPolicy.OwnerKind.GROUP, groupId,
          "describe", allow("ec2:Describe*", "*"), Instant.now()));
    });
    try (Ec2Client ec2 = member.ec2()) {
      assertThat(ec2.describeKeyPairs().keyPairs()).extracting(KeyPairInfo::keyName).contains("seen-1");
      assertEc2Denied(() -> ec2.createKeyPair(r -> r.keyName("member-key")));
    }
    try (Ec2Client ec2 = outsider.ec2()) {
      assertEc2Denied(ec2::describeKeyPairs);
    }
  }

  @Test
  void anExplicitDenyBeatsAnAllow() {
    TestUser u = user("denied", "{\"Statement\":[" + statement("Allow", "ec2:*", "*", "") + ","
        + statement("Deny", "ec2:CreateKeyPair", "*", "") + ","
        + statement("Deny", "ec2:AuthorizeSecurityGroupIngress", "arn:aws:ec2:::securitygroup/db", "") + "]}");
    try (Ec2Client ec2 = u.ec2()) {
      assertEc2Denied(() -> ec2.createKeyPair(r -> r.keyName("denied-key")));
      assertThat(ec2.describeKeyPairs().keyPairs()).isNotEmpty();
      ec2.createSecurityGroup(r -> r.groupName("denied-made").description("allowed"));
      // The Deny on the group's name holds whether it is named by name or by id.
      String dbId = ec2.describeSecurityGroups(r -> r.groupNames("db")).securityGroups().get(0).groupId();
      assertEc2Denied(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupName("db").ipProtocol("tcp").fromPort(22)
          .toPort(22).cidrIp("10.0.0.0/8")));
      assertEc2Denied(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(dbId).ipProtocol("tcp").fromPort(22)
          .toPort(22).cidrIp("10.0.0.0/8")));
      ec2.authorizeSecurityGroupIngress(r -> r.groupName("web").ipProtocol("tcp").fromPort(80).toPort(80)
          .cidrIp("0.0.0.0/0"));
      ec2.deleteSecurityGroup(r -> r.groupName("denied-made"));
    }
  }

  @Test
  void aPolicyOnOneInstanceAndOneKeyPair() {
    TestUser u = user("narrow", "{\"Statement\":["
        + statement("Allow", "ec2:DescribeInstanceAttribute", "arn:aws:ec2:::instance/i-a0000001", "") + ","
        + statement("Allow", "ec2:TerminateInstances", "arn:aws:ec2:::instance/i-a0000001", "") + ","
        + statement("Allow", "ec2:CreateKeyPair", "arn:aws:ec2:::keypair/narrow-*", "") + ","
        + statement("Allow", "ec2:DeleteKeyPair", "arn:aws:ec2:::keypair/narrow-*", "") + "]}");
    try (Ec2Client ec2 = u.ec2()) {
      assertThat(ec2.describeInstanceAttribute(r -> r.instanceId("i-a0000001").attribute("instanceType"))
          .instanceType().value()).isEqualTo("m1.small");
      assertEc2Denied(() -> ec2.describeInstanceAttribute(r -> r.instanceId("i-b0000002").attribute("instanceType")));
      // One instance not allowed refuses the whole request.
      assertEc2Denied(() -> ec2.terminateInstances(r -> r.instanceIds("i-a0000001", "i-b0000002")));
      assertThat(ec2.createKeyPair(r -> r.keyName("narrow-1")).keyName()).isEqualTo("narrow-1");
      assertEc2Denied(() -> ec2.createKeyPair(r -> r.keyName("wide-1")));
      assertEc2Denied(() -> ec2.deleteKeyPair(r -> r.keyName("seen-1")));
      ec2.deleteKeyPair(r -> r.keyName("narrow-1"));
    }
  }

  @Test
  void describeShowsOnlyWhatTheUserMaySee() {
    TestUser u = user("partial", "{\"Statement\":["
        + statement("Allow", "ec2:DescribeKeyPairs", "arn:aws:ec2:::keypair/seen-*", "") + ","
        + statement("Allow", "ec2:DescribeInstances", "arn:aws:ec2:::instance/i-a0000001", "") + ","
        + statement("Allow", "ec2:DescribeSecurityGroups", "arn:aws:ec2:::securitygroup/web", "") + ","
        + statement("Allow", "ec2:DescribeTags", "arn:aws:ec2:::instance/i-b0000002", "") + "]}");
    try (Ec2Client ec2 = u.ec2()) {
      assertThat(ec2.describeKeyPairs().keyPairs()).extracting(KeyPairInfo::keyName).containsExactly("seen-1");
      assertThat(ec2.describeInstances().reservations()).flatExtracting(r -> r.instances())
          .extracting(Instance::instanceId).containsExactly("i-a0000001");
      assertThat(ec2.describeInstances(r -> r.filters(Filter.builder().name("tag:k").values("b").build()))
          .reservations()).isEmpty();
      assertThat(ec2.describeSecurityGroups().securityGroups()).extracting(SecurityGroup::groupName)
          .containsExactly("web");
      assertThat(ec2.describeTags().tags()).extracting(TagDescription::resourceId).containsExactly("i-b0000002");
      // Nothing could allow it: refused as a whole.
      assertEc2Denied(ec2::describeAddresses);
      assertEc2Denied(ec2::describeImages);
    }
  }

  @Test
  void aSourceIpConditionHolds() {
    String fromLoopback = "{\"IpAddress\":{\"aws:SourceIp\":\"127.0.0.1/32\"}}";
    String fromTen = "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}";
    TestUser here = user("here", "{\"Statement\":[" + statement("Allow", "ec2:*", "*", fromLoopback) + "]}");
    TestUser there = user("there", "{\"Statement\":[" + statement("Allow", "ec2:*", "*", fromTen) + "]}");
    TestUser fenced = user("fenced", "{\"Statement\":[" + statement("Allow", "ec2:*", "*", "") + ","
        + statement("Deny", "ec2:*", "*", "{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}") + "]}");
    try (Ec2Client ec2 = here.ec2()) {
      assertThat(ec2.describeRegions().regions()).isNotEmpty();
    }
    try (Ec2Client ec2 = there.ec2()) {
      assertEc2Denied(ec2::describeRegions);
    }
    try (Ec2Client ec2 = fenced.ec2()) {
      assertEc2Denied(ec2::describeRegions);
    }
  }

  @Test
  void aUserAllowedToCreateUsersMayCreateThem() throws Exception {
    TestUser hr = user("hr", "{\"Statement\":["
        + statement("Allow", "iam:CreateUser", "arn:aws:iam::" + account + ":user/staff/*", "") + ","
        + statement("Allow", "iam:ListAccessKeys", "arn:aws:iam::" + account + ":user/hr", "") + "]}");
    try (IamClient iam = hr.iam()) {
      assertThat(iam.createUser(r -> r.userName("hired").path("/staff/")).user().arn())
          .isEqualTo("arn:aws:iam::" + account + ":user/staff/hired");
      assertIamDenied(() -> iam.createUser(r -> r.userName("contractor")));
      assertIamDenied(() -> iam.deleteUser(r -> r.userName("hired")));
      assertIamDenied(iam::listUsers);
      // Its own keys it may list (the resource is its user, named or not), others' not.
      assertThat(iam.listAccessKeys().accessKeyMetadata()).hasSize(1);
      assertThat(iam.listAccessKeys(r -> r.userName("hr")).accessKeyMetadata()).hasSize(1);
      assertIamDenied(() -> iam.listAccessKeys(r -> r.userName("admin")));
    }
    // Even iam:* leaves accounts and delegation to the cloud administrator.
    TestUser boss = user("boss", allow("iam:*", "*"));
    try (IamClient iam = boss.iam()) {
      assertThat(iam.listUsers().users()).extracting(User::userName).contains("hired", "hr");
    }
    assertThat(status(boss.key(), "ListAccounts")).isEqualTo(403);
    assertThat(status(boss.key(), "CreateAccount", "AccountName", "boss-made")).isEqualTo(403);
    assertThat(status(boss.key(), "CreateUser", "UserName", "elsewhere", "DelegateAccount", "eucalyptus"))
        .isEqualTo(403);
    assertThat(status(f.clc.admin(), "CreateUser", "UserName", "delegated", "DelegateAccount", "policed"))
        .isEqualTo(200);
  }

  /** The HTTP status of an IAM Query request signed with {@code key}. */
  static int status(AccessKeyOwner key, String action, String... params) throws Exception {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>(java.util.Map.of("Action", action,
        "Version", "2010-05-08"));
    for (int i = 0; i < params.length; i += 2) {
      m.put(params[i], params[i + 1]);
    }
    String body = QuerySigner.formBody(m);
    URI uri = URI.create(f.base() + "/services/Euare");
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    new QuerySigner(key.accessKeyId(), key.secretKey(), "eucalyptus", "iam").sign(uri, body, Instant.now())
        .forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  /** A running instance of the tenant's, as rows (nothing here needs it to run anywhere). */
  static void insertInstance(String id) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(f.database.jdbcUrl(), f.database.user(),
        f.database.password());
        java.sql.PreparedStatement st = c.prepareStatement("insert into instances (instance_id, reservation_id,"
            + " account_number, user_id, image_id, vm_type, cluster, state, launch_index, mac_address, launch_time,"
            + " state_changed) values (?, ?, ?, 'AIDUNKNOWN', 'emi-00000001', 'm1.small', 'cluster01', 'running',"
            + " 0, ?, ?, ?)")) {
      java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
      st.setString(1, id);
      st.setString(2, "r-" + id.substring(2));
      st.setString(3, account);
      st.setString(4, "d0:0d:" + id.substring(2, 4) + ":00:00:" + id.substring(8, 10));
      st.setTimestamp(5, now);
      st.setTimestamp(6, now);
      st.executeUpdate();
    }
  }

  /** Over SOAP the same checks hold, aws:SourceIp included: the provider passes the client's address. */
  @Test
  void overSoapToo() throws Exception {
    user("soap-here", "{\"Statement\":["
        + statement("Allow", "ec2:*", "*", "{\"IpAddress\":{\"aws:SourceIp\":\"127.0.0.1/32\"}}") + ","
        + statement("Deny", "ec2:DeleteKeyPair", "*", "") + "]}");
    user("soap-there", "{\"Statement\":["
        + statement("Allow", "ec2:*", "*", "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}") + "]}");
    AmazonEC2PortType soapHere = soapClient("soap-here");
    assertThat(soapHere.describeSecurityGroups(new DescribeSecurityGroups()).getSecurityGroupInfo().getItem())
        .anySatisfy(g -> assertThat(g.getGroupName()).isEqualTo("web"));
    org.eucalyptus.wsdl.ec2.CreateKeyPair ck = new org.eucalyptus.wsdl.ec2.CreateKeyPair();
    ck.setKeyName("soap-key");
    assertThat(soapHere.createKeyPair(ck).getKeyName()).isEqualTo("soap-key");
    org.eucalyptus.wsdl.ec2.DeleteKeyPair dk = new org.eucalyptus.wsdl.ec2.DeleteKeyPair();
    dk.setKeyName("soap-key");
    assertSoapDenied(() -> soapHere.deleteKeyPair(dk));

    AmazonEC2PortType soapThere = soapClient("soap-there");
    ck.setKeyName("soap-key-2");
    assertSoapDenied(() -> soapThere.createKeyPair(ck));
    // Its only Allow's condition fails for this request, so no statement could allow a Describe: refused whole.
    assertSoapDenied(() -> soapThere.describeKeyPairs(new DescribeKeyPairs()));
  }

  static void assertSoapDenied(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(SOAPFaultException.class, e ->
        assertThat(e.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("Client.UnauthorizedOperation"));
  }

  static AmazonEC2PortType soapClient(String userName) throws Exception {
    IamDirectory.NewCertificate c = new IamDirectory(f.clc.identity(), f.clc.ca())
        .createSigningCertificate(account, userName);
    SigningIdentity who = new SigningIdentity(Pem.privateKey(c.privateKeyPem()),
        Pem.certificate(c.certificate().certificate()), f.clc.ca().certificate());
    return WsSecurity.signing(SoapClients.create(AmazonEC2PortType.class, f.base() + "/services/Eucalyptus",
        Duration.ofSeconds(5), Duration.ofSeconds(30)), () -> Optional.of(who));
  }
}
