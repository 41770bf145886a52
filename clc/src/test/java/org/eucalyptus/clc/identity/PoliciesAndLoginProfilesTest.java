package org.eucalyptus.clc.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.clc.api.ClcApiFixture;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.common.policy.CallerPolicies;
import org.eucalyptus.common.policy.Effect;
import org.eucalyptus.common.policy.PolicyDocument;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListUserPoliciesResponse;
import software.amazon.awssdk.services.iam.model.LoginProfile;

/**
 * IAM's inline policies of users, groups and accounts, and login profiles, at /services/Euare, driven
 * by the AWS SDK's IAM client. Groups are made here as rows (setup: CreateGroup is another branch's);
 * Eucalyptus's account policy actions, which the SDK does not know, go as signed Query requests.
 */
@IntegrationTest
class PoliciesAndLoginProfilesTest {
  static final String ALLOW_DESCRIBE = """
      {"Version": "2012-10-17",
       "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}""";
  /** What a user needs to read its own policies and login profile (IAM asks a policy for that too). */
  static final String READ_OWN = """
      {"Version": "2012-10-17",
       "Statement": [{"Effect": "Allow",
                      "Action": ["iam:GetUserPolicy", "iam:ListUserPolicies", "iam:GetLoginProfile"],
                      "Resource": "arn:aws:iam::*:user/${aws:username}"}]}""";
  static final String DENY_ALL = """
      {"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}""";
  static final String TWO_INSTANCES = """
      {"Statement": [{"Effect": "Limit", "Action": "ec2:RunInstances", "Resource": "*",
        "Condition": {"NumericLessThanEquals": {"ec2:quota-vminstancenumber": "2"}}}]}""";

  @TempDir static Path tmp;
  static ClcApiFixture f;
  static AccessKeyOwner tenant;
  static IamClient iam;
  static IamClient cloudAdmin;

  @BeforeAll
  static void start() throws Exception {
    f = new ClcApiFixture(tmp.resolve("clc"));
    tenant = f.newAccount("policy-tenant");
    iam = iam(tenant.accessKeyId(), tenant.secretKey());
    cloudAdmin = iam(f.clc.admin().accessKeyId(), f.clc.admin().secretKey());
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(iam, cloudAdmin, f);
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

  static int status(Throwable t) {
    return ((IamException) t).statusCode();
  }

  static String decoded(String policyDocument) {
    return URLDecoder.decode(policyDocument, StandardCharsets.UTF_8);
  }

  /** The caller {@code userName} of the tenant account would be, for reading its stored policies. */
  static CallerPolicies storedFor(String userName) {
    User u = f.clc.identity().db().inTransaction(s -> s.createQuery(
            "from User where accountNumber = :a and name = :n", User.class)
        .setParameter("a", tenant.accountNumber()).setParameter("n", userName).uniqueResult());
    return new StoredPolicies(f.clc.identity().db()).policiesOf(
        new Caller(tenant.accountNumber(), "policy-tenant", u.userId(), userName, "AKIDNOTUSED", false));
  }

  static List<Effect> effects(List<PolicyDocument> docs) {
    return docs.stream().flatMap(d -> d.statements().stream()).map(s -> s.effect()).toList();
  }

  @Test
  void userPoliciesArePutReadListedReplacedAndDeleted() {
    iam.createUser(r -> r.userName("pat"));
    iam.putUserPolicy(r -> r.userName("pat").policyName("describe").policyDocument(ALLOW_DESCRIBE));
    var got = iam.getUserPolicy(r -> r.userName("pat").policyName("describe"));
    assertThat(got.userName()).isEqualTo("pat");
    assertThat(got.policyName()).isEqualTo("describe");
    assertThat(decoded(got.policyDocument())).isEqualTo(ALLOW_DESCRIBE);
    assertThat(iam.listUserPolicies(r -> r.userName("pat")).policyNames()).containsExactly("describe");
    assertThat(effects(storedFor("pat").identity())).containsExactly(Effect.ALLOW);

    // The same name again replaces the document: still one policy, now a Deny.
    iam.putUserPolicy(r -> r.userName("pat").policyName("describe").policyDocument(DENY_ALL));
    assertThat(decoded(iam.getUserPolicy(r -> r.userName("pat").policyName("describe")).policyDocument()))
        .isEqualTo(DENY_ALL);
    assertThat(iam.listUserPolicies(r -> r.userName("pat")).policyNames()).containsExactly("describe");
    assertThat(effects(storedFor("pat").identity())).containsExactly(Effect.DENY);

    iam.deleteUserPolicy(r -> r.userName("pat").policyName("describe"));
    assertThat(iam.listUserPolicies(r -> r.userName("pat")).policyNames()).isEmpty();
    assertThat(storedFor("pat").identity()).isEmpty();
    assertThatThrownBy(() -> iam.getUserPolicy(r -> r.userName("pat").policyName("describe"))).satisfies(e -> {
      assertThat(code(e)).isEqualTo("NoSuchEntity");
      assertThat(status(e)).isEqualTo(404);
    });
    assertThatThrownBy(() -> iam.deleteUserPolicy(r -> r.userName("pat").policyName("describe")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchEntity"));
    assertThatThrownBy(() -> iam.putUserPolicy(r -> r.userName("nobody").policyName("p").policyDocument(DENY_ALL)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchEntity"));
    assertThatThrownBy(() -> iam.listUserPolicies(r -> r.userName("nobody")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchEntity"));
    assertThatThrownBy(() -> iam.putUserPolicy(r -> r.userName("pat").policyName("no spaces").policyDocument(DENY_ALL)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"));
    assertThatThrownBy(() -> iam.putUserPolicy(r -> r.userName("pat").policyName("x".repeat(129))
        .policyDocument(DENY_ALL))).satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"));
    iam.putUserPolicy(r -> r.userName("pat").policyName("+=,.@_-" + "x".repeat(121)).policyDocument(DENY_ALL));
  }

  @Test
  void aUserMayReadItsOwnPoliciesWhereAPolicySaysSoButOnlyTheAccountAdminChangesThem() {
    iam.createUser(r -> r.userName("quinn"));
    iam.createUser(r -> r.userName("other"));
    AccessKey k = iam.createAccessKey(r -> r.userName("quinn")).accessKey();
    try (IamClient asQuinn = iam(k.accessKeyId(), k.secretAccessKey())) {
      // Without a policy a user may not even read its own (as IAM).
      assertThatThrownBy(() -> asQuinn.listUserPolicies(r -> r.userName("quinn")))
          .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
      iam.putUserPolicy(r -> r.userName("quinn").policyName("mine").policyDocument(READ_OWN));
      assertThat(asQuinn.listUserPolicies(r -> r.userName("quinn")).policyNames()).containsExactly("mine");
      assertThat(decoded(asQuinn.getUserPolicy(r -> r.userName("quinn").policyName("mine")).policyDocument()))
          .isEqualTo(READ_OWN);
      assertThatThrownBy(() -> asQuinn.putUserPolicy(r -> r.userName("quinn").policyName("more")
          .policyDocument(ALLOW_DESCRIBE))).satisfies(e -> {
            assertThat(code(e)).isEqualTo("AccessDenied");
            assertThat(status(e)).isEqualTo(403);
          });
      assertThatThrownBy(() -> asQuinn.deleteUserPolicy(r -> r.userName("quinn").policyName("mine")))
          .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
      assertThatThrownBy(() -> asQuinn.listUserPolicies(r -> r.userName("other")))
          .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
    }
  }

  @Test
  void groupPoliciesApplyToTheGroupsMembers() {
    iam.createUser(r -> r.userName("gina"));
    String groupId = "AGPA" + Long.toHexString(System.nanoTime()).toUpperCase(java.util.Locale.ROOT);
    f.clc.identity().db().run(s -> {
      s.persist(new Group(groupId, tenant.accountNumber(), "ops", "/", Instant.now()));
      String userId = s.createQuery("select userId from User where accountNumber = :a and name = 'gina'",
          String.class).setParameter("a", tenant.accountNumber()).uniqueResult();
      s.persist(new GroupMember(groupId, userId));
    });
    iam.putGroupPolicy(r -> r.groupName("ops").policyName("ops-describe").policyDocument(ALLOW_DESCRIBE));
    var got = iam.getGroupPolicy(r -> r.groupName("ops").policyName("ops-describe"));
    assertThat(got.groupName()).isEqualTo("ops");
    assertThat(decoded(got.policyDocument())).isEqualTo(ALLOW_DESCRIBE);
    assertThat(iam.listGroupPolicies(r -> r.groupName("ops")).policyNames()).containsExactly("ops-describe");
    assertThat(effects(storedFor("gina").identity())).containsExactly(Effect.ALLOW);

    iam.putGroupPolicy(r -> r.groupName("ops").policyName("ops-describe").policyDocument(DENY_ALL));
    assertThat(effects(storedFor("gina").identity())).containsExactly(Effect.DENY);
    iam.deleteGroupPolicy(r -> r.groupName("ops").policyName("ops-describe"));
    assertThat(iam.listGroupPolicies(r -> r.groupName("ops")).policyNames()).isEmpty();
    assertThat(storedFor("gina").identity()).isEmpty();

    assertThatThrownBy(() -> iam.putGroupPolicy(r -> r.groupName("nogroup").policyName("p").policyDocument(DENY_ALL)))
        .satisfies(e -> {
          assertThat(code(e)).isEqualTo("NoSuchEntity");
          assertThat(status(e)).isEqualTo(404);
        });
    assertThatThrownBy(() -> iam.getGroupPolicy(r -> r.groupName("ops").policyName("gone")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchEntity"));
  }

  @Test
  void accountPoliciesAreTheCloudAdministratorsToSetAndTheAccountAdminsToRead() throws Exception {
    EuareQuery asCloudAdmin = new EuareQuery(f.base(), f.clc.admin());
    EuareQuery asTenant = new EuareQuery(f.base(), tenant);
    var put = asCloudAdmin.call("PutAccountPolicy", "AccountName", "policy-tenant", "PolicyName", "quota",
        "PolicyDocument", TWO_INSTANCES);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(storedFor("admin").account()).singleElement()
        .satisfies(d -> assertThat(effects(List.of(d))).containsExactly(Effect.LIMIT));

    var list = asTenant.call("ListAccountPolicies", "AccountName", "policy-tenant");
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).contains("<PolicyNames><member>quota</member></PolicyNames>")
        .contains("<IsTruncated>false</IsTruncated>");
    var get = asTenant.call("GetAccountPolicy", "AccountName", "policy-tenant", "PolicyName", "quota");
    assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
    assertThat(get.body()).contains("<AccountName>policy-tenant</AccountName>").contains("<PolicyName>quota</PolicyName>");
    String encoded = get.body().replaceAll("(?s).*<PolicyDocument>(.*)</PolicyDocument>.*", "$1");
    assertThat(decoded(encoded)).isEqualTo(TWO_INSTANCES);

    // The account's admin may not set or remove its own limits, nor read another account's.
    var refused = asTenant.call("PutAccountPolicy", "AccountName", "policy-tenant", "PolicyName", "mine",
        "PolicyDocument", ALLOW_DESCRIBE);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("<Code>AccessDenied</Code>");
    assertThat(asTenant.call("DeleteAccountPolicy", "AccountName", "policy-tenant", "PolicyName", "quota").body())
        .contains("<Code>AccessDenied</Code>");
    f.newAccount("policy-neighbour");
    assertThat(asTenant.call("ListAccountPolicies", "AccountName", "policy-neighbour").body())
        .contains("<Code>AccessDenied</Code>");
    assertThat(asTenant.call("ListAccountPolicies", "AccountName", "no-such-account").body())
        .contains("<Code>AccessDenied</Code>");
    assertThat(asCloudAdmin.call("ListAccountPolicies", "AccountName", "no-such-account").body())
        .contains("<Code>NoSuchEntity</Code>");

    // A quota key outside a Limit statement, or an unknown one, is refused.
    var misused = asCloudAdmin.call("PutAccountPolicy", "AccountName", "policy-tenant", "PolicyName", "bad",
        "PolicyDocument", TWO_INSTANCES.replace("Limit", "Allow"));
    assertThat(misused.statusCode()).isEqualTo(400);
    assertThat(misused.body()).contains("<Code>MalformedPolicyDocument</Code>").contains("only a Limit statement");
    assertThat(asCloudAdmin.call("PutAccountPolicy", "AccountName", "policy-tenant", "PolicyName", "bad",
        "PolicyDocument", TWO_INSTANCES.replace("vminstancenumber", "vminstances")).body())
        .contains("<Code>MalformedPolicyDocument</Code>").contains("quota keys (");

    var deleted = asCloudAdmin.call("DeleteAccountPolicy", "AccountName", "policy-tenant", "PolicyName", "quota");
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertThat(storedFor("admin").account()).isEmpty();
    assertThat(asTenant.call("GetAccountPolicy", "AccountName", "policy-tenant", "PolicyName", "quota").body())
        .contains("<Code>NoSuchEntity</Code>");
  }

  @Test
  void aDocumentComesBackUrlEncodedAndDecodesToWhatWasPut() {
    iam.createUser(r -> r.userName("uma"));
    String doc = """
        {"Version": "2012-10-17", "Statement": [{"Sid": "Quotes \\"and\\" ünïcödé ☃ 100% %41 + more & <less>",
          "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::bücket/a b/*"}]}""";
    iam.putUserPolicy(r -> r.userName("uma").policyName("odd").policyDocument(doc));
    String raw = iam.getUserPolicy(r -> r.userName("uma").policyName("odd")).policyDocument();
    assertThat(raw).doesNotContain(" ", "\"", "+", "☃", "<").contains("%20", "%22", "%2B", "%E2%98%83");
    assertThat(decoded(raw)).isEqualTo(doc);
  }

  @Test
  void aMalformedDocumentIsRefusedSayingWhere() {
    iam.createUser(r -> r.userName("mal"));
    String broken = "{\"Version\": \"2012-10-17\",\n \"Statement\": [\n   {\"Effect\": \"Allow\" \"Action\": \"*\"}]}";
    assertThatThrownBy(() -> iam.putUserPolicy(r -> r.userName("mal").policyName("broken").policyDocument(broken)))
        .satisfies(e -> {
          assertThat(code(e)).isEqualTo("MalformedPolicyDocument");
          assertThat(status(e)).isEqualTo(400);
          assertThat(((IamException) e).awsErrorDetails().errorMessage()).contains("line 3");
        });
    assertThatThrownBy(() -> iam.putUserPolicy(r -> r.userName("mal").policyName("nothing")
        .policyDocument("{\"Statement\": [{\"Effect\": \"Maybe\", \"Action\": \"*\"}]}")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("MalformedPolicyDocument"));
    assertThat(iam.listUserPolicies(r -> r.userName("mal")).policyNames()).isEmpty();
  }

  @Test
  void aDocumentOverTheLimitIsRefusedAndOneAtItIsKept() {
    iam.createUser(r -> r.userName("big"));
    String head = "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ec2:Describe*\", \"Resource\": \"*\"}]}";
    String atLimit = head + " ".repeat(IamPolicy.MAX_DOCUMENT - head.length());
    iam.putUserPolicy(r -> r.userName("big").policyName("full").policyDocument(atLimit));
    assertThat(decoded(iam.getUserPolicy(r -> r.userName("big").policyName("full")).policyDocument()))
        .isEqualTo(atLimit);
    assertThatThrownBy(() -> iam.putUserPolicy(r -> r.userName("big").policyName("over").policyDocument(atLimit + " ")))
        .satisfies(e -> {
          assertThat(code(e)).isEqualTo("LimitExceeded");
          assertThat(((IamException) e).awsErrorDetails().errorMessage()).contains(String.valueOf(IamPolicy.MAX_DOCUMENT));
        });
  }

  @Test
  void policyNamesArePagedByMarkerAndMaxItems() {
    iam.createUser(r -> r.userName("paige"));
    List<String> names = List.of("p1", "p2", "p3", "p4", "p5");
    for (String n : names) {
      iam.putUserPolicy(r -> r.userName("paige").policyName(n).policyDocument(ALLOW_DESCRIBE));
    }
    List<String> seen = new ArrayList<>();
    String marker = null;
    int pages = 0;
    do {
      String m = marker;
      ListUserPoliciesResponse page = iam.listUserPolicies(r -> r.userName("paige").maxItems(2).marker(m));
      assertThat(page.policyNames()).hasSizeLessThanOrEqualTo(2);
      seen.addAll(page.policyNames());
      marker = page.isTruncated() ? page.marker() : null;
      pages++;
    } while (marker != null && pages < 10);
    assertThat(seen).isEqualTo(names);
    assertThat(pages).isEqualTo(3);
    assertThatThrownBy(() -> iam.listUserPolicies(r -> r.userName("paige").maxItems(0)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"));
  }

  @Test
  void loginProfilesAreCreatedReadUpdatedAndDeletedAndKeepOnlySaltedHashes() {
    iam.createUser(r -> r.userName("lena"));
    iam.createUser(r -> r.userName("liam"));
    LoginProfiles profiles = new LoginProfiles(f.clc.identity(), new PasswordHashes());
    String account = tenant.accountNumber();

    assertThatThrownBy(() -> iam.getLoginProfile(r -> r.userName("lena"))).satisfies(e -> {
      assertThat(code(e)).isEqualTo("NoSuchEntity");
      assertThat(status(e)).isEqualTo(404);
    });
    LoginProfile made = iam.createLoginProfile(r -> r.userName("lena").password("same secret")).loginProfile();
    assertThat(made.userName()).isEqualTo("lena");
    assertThat(made.createDate()).isNotNull();
    iam.createLoginProfile(r -> r.userName("liam").password("same secret"));
    assertThat(iam.getLoginProfile(r -> r.userName("lena")).loginProfile().userName()).isEqualTo("lena");
    assertThatThrownBy(() -> iam.createLoginProfile(r -> r.userName("lena").password("another one")))
        .satisfies(e -> {
          assertThat(code(e)).isEqualTo("EntityAlreadyExists");
          assertThat(status(e)).isEqualTo(409);
        });

    // Stored as salted hashes: the same password twice gives two different texts, neither holding it.
    String lenaHash = storedHash("lena");
    String liamHash = storedHash("liam");
    assertThat(lenaHash).startsWith("pbkdf2-sha256$").doesNotContain("same secret").isNotEqualTo(liamHash);
    assertThat(profiles.verify(account, "lena", "same secret")).isTrue();
    assertThat(profiles.verify(account, "liam", "same secret")).isTrue();
    assertThat(profiles.verify(account, "lena", "Same secret")).isFalse();
    assertThat(profiles.verify(account, "nobody", "same secret")).isFalse();
    assertThat(profiles.verify("000000000000", "lena", "same secret")).isFalse();

    iam.updateLoginProfile(r -> r.userName("lena").password("a new secret"));
    assertThat(profiles.verify(account, "lena", "same secret")).isFalse();
    assertThat(profiles.verify(account, "lena", "a new secret")).isTrue();

    for (String bad : new String[] {"short", "x".repeat(129), "tab\there"}) {
      assertThatThrownBy(() -> iam.updateLoginProfile(r -> r.userName("lena").password(bad))).as(bad)
          .satisfies(e -> {
            assertThat(code(e)).isEqualTo("PasswordPolicyViolation");
            assertThat(status(e)).isEqualTo(400);
          });
    }
    assertThat(profiles.verify(account, "lena", "a new secret")).isTrue();

    // Only the account's admin gives or takes passwords; a user sees its own profile where a policy allows.
    iam.putUserPolicy(r -> r.userName("liam").policyName("read-own").policyDocument(READ_OWN));
    AccessKey k = iam.createAccessKey(r -> r.userName("liam")).accessKey();
    try (IamClient asLiam = iam(k.accessKeyId(), k.secretAccessKey())) {
      assertThat(asLiam.getLoginProfile(r -> r.userName("liam")).loginProfile().userName()).isEqualTo("liam");
      assertThatThrownBy(() -> asLiam.updateLoginProfile(r -> r.userName("lena").password("taken over")))
          .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
      assertThatThrownBy(() -> asLiam.getLoginProfile(r -> r.userName("lena")))
          .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
    }

    iam.deleteLoginProfile(r -> r.userName("lena"));
    assertThat(profiles.verify(account, "lena", "a new secret")).isFalse();
    assertThatThrownBy(() -> iam.getLoginProfile(r -> r.userName("lena")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchEntity"));
    assertThatThrownBy(() -> iam.deleteLoginProfile(r -> r.userName("lena")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchEntity"));
    assertThatThrownBy(() -> iam.updateLoginProfile(r -> r.userName("lena").password("again again")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchEntity"));
    assertThatThrownBy(() -> iam.createLoginProfile(r -> r.userName("nobody").password("long enough")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchEntity"));
  }

  @Test
  void aUserWithPoliciesOrALoginProfileIsDeletedOnlyRecursively() throws Exception {
    EuareQuery asTenant = new EuareQuery(f.base(), tenant);
    iam.createUser(r -> r.userName("del-policy"));
    iam.putUserPolicy(r -> r.userName("del-policy").policyName("p").policyDocument(ALLOW_DESCRIBE));
    iam.createUser(r -> r.userName("del-login"));
    iam.createLoginProfile(r -> r.userName("del-login").password("a password"));
    for (String user : List.of("del-policy", "del-login")) {
      assertThatThrownBy(() -> iam.deleteUser(r -> r.userName(user))).as(user).satisfies(e -> {
        assertThat(code(e)).isEqualTo("DeleteConflict");
        assertThat(status(e)).isEqualTo(409);
      });
      var deleted = asTenant.call("DeleteUser", "UserName", user, "IsRecursive", "true");
      assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    }
    long left = f.clc.identity().db().inTransaction(s -> s.createQuery(
        "select count(*) from IamPolicy where ownerKind = :k and ownerId not in (select userId from User)", Long.class)
        .setParameter("k", IamPolicy.OwnerKind.USER).uniqueResult());
    assertThat(left).as("policies of deleted users").isZero();
  }

  @Test
  void anAccountWithPoliciesAndLoginProfilesIsDeletedRecursivelyWithThem() throws Exception {
    AccessKeyOwner gone = f.newAccount("policy-gone");
    try (IamClient asGone = iam(gone.accessKeyId(), gone.secretKey())) {
      asGone.createLoginProfile(r -> r.userName("admin").password("admin password"));
      asGone.putUserPolicy(r -> r.userName("admin").policyName("p").policyDocument(ALLOW_DESCRIBE));
    }
    EuareQuery asCloudAdmin = new EuareQuery(f.base(), f.clc.admin());
    assertThat(asCloudAdmin.call("PutAccountPolicy", "AccountName", "policy-gone", "PolicyName", "quota",
        "PolicyDocument", TWO_INSTANCES).statusCode()).isEqualTo(200);
    var refused = asCloudAdmin.call("DeleteAccount", "AccountName", "policy-gone");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("login profile(s)").contains("polic");
    var deleted = asCloudAdmin.call("DeleteAccount", "AccountName", "policy-gone", "Recursive", "true");
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    long left = f.clc.identity().db().inTransaction(s -> s.createQuery(
        "select count(*) from IamPolicy where ownerId = :a or ownerId not in (select userId from User)"
            + " and ownerKind = :k", Long.class)
        .setParameter("a", gone.accountNumber()).setParameter("k", IamPolicy.OwnerKind.USER).uniqueResult());
    assertThat(left).isZero();
  }

  /** The AWS CLI decodes what GetUserPolicy answers and parses it as JSON, quotes, unicode and all. */
  @Test
  void theAwsCliReadsBackTheDocumentItPut() throws Exception {
    if (!org.eucalyptus.testfixtures.HostParts.installed("aws")) {
      org.eucalyptus.testfixtures.HostParts.skip("the AWS CLI is not installed (apt-get install awscli)");
    }
    iam.createUser(r -> r.userName("cli"));
    String sid = "Quotes \\\"and\\\" ünïcödé ☃ 100% %41 + more & <less>";
    String doc = "{\"Statement\": [{\"Sid\": \"" + sid + "\", \"Effect\": \"Allow\", \"Action\": \"s3:*\","
        + " \"Resource\": \"arn:aws:s3:::a b/*\"}]}";
    aws("iam", "put-user-policy", "--user-name", "cli", "--policy-name", "odd", "--policy-document", doc);
    assertThat(aws("iam", "get-user-policy", "--user-name", "cli", "--policy-name", "odd", "--output", "text",
        "--query", "PolicyDocument.Statement[0].[Sid,Resource]").strip())
        .isEqualTo("Quotes \"and\" ünïcödé ☃ 100% %41 + more & <less>\tarn:aws:s3:::a b/*");
    aws("iam", "create-login-profile", "--user-name", "cli", "--password", "from the CLI");
    assertThat(new LoginProfiles(f.clc.identity(), new PasswordHashes())
        .verify(tenant.accountNumber(), "cli", "from the CLI")).isTrue();
  }

  static String aws(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("aws"));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", f.base() + "/services/Euare", "--region", "us-east-1"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("AWS_ACCESS_KEY_ID", tenant.accessKeyId());
    pb.environment().put("AWS_SECRET_ACCESS_KEY", tenant.secretKey());
    pb.environment().put("AWS_CONFIG_FILE", "/dev/null");
    pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    pb.environment().put("PYTHONIOENCODING", "utf-8");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", args) + ": " + out).isZero();
    return out;
  }

  static String storedHash(String userName) {
    return f.clc.identity().db().inTransaction(s -> s.createQuery(
            "select p.passwordHash from LoginProfile p, User u where p.userId = u.userId"
                + " and u.accountNumber = :a and u.name = :n", String.class)
        .setParameter("a", tenant.accountNumber()).setParameter("n", userName).uniqueResult());
  }
}
