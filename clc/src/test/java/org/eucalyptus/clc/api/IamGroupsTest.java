package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eucalyptus.common.auth.AccessKeyOwner;
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
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.GetGroupResponse;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListGroupsForUserResponse;
import software.amazon.awssdk.services.iam.model.ListGroupsResponse;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.User;

/**
 * IAM groups, UpdateUser, paging, account aliases, GetAccountSummary and IAM's deletion rules, driven
 * by the AWS SDK's IAM client. Policies and login profiles (other actions' work) are written into
 * their tables directly where a test needs a user or group that has one: that is setup.
 */
@IntegrationTest
class IamGroupsTest {
  @TempDir static Path tmp;
  static ClcApiFixture f;
  static AccessKeyOwner admin;
  static IamClient iam;

  @BeforeAll
  static void start() throws Exception {
    f = new ClcApiFixture(tmp.resolve("clc"));
    admin = f.newAccount("groups-tenant");
    iam = iam(admin);
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(iam, f);
  }

  static IamClient iam(AccessKeyOwner k) {
    return iam(k.accessKeyId(), k.secretKey());
  }

  static IamClient iam(String ak, String sk) {
    return IamClient.builder().endpointOverride(URI.create(f.base() + "/services/Euare"))
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ak, sk)))
        .httpClient(Apache5HttpClient.create()).build();
  }

  static Consumer<Throwable> error(int status, String code) {
    return e -> {
      assertThat(e).isInstanceOf(IamException.class);
      assertThat(((IamException) e).awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
      assertThat(((IamException) e).statusCode()).isEqualTo(status);
    };
  }

  @Test
  void groupsAreMadeFilledRenamedAndDeleted() {
    Group g = iam.createGroup(r -> r.groupName("devs").path("/eng/")).group();
    assertThat(g.arn()).isEqualTo("arn:aws:iam::" + admin.accountNumber() + ":group/eng/devs");
    assertThat(g.path()).isEqualTo("/eng/");
    assertThat(g.groupId()).startsWith("AGP");
    assertThat(g.createDate()).isNotNull();
    assertThatThrownBy(() -> iam.createGroup(r -> r.groupName("devs"))).satisfies(error(409, "EntityAlreadyExists"));
    assertThatThrownBy(() -> iam.createGroup(r -> r.groupName("bad name!")))
        .satisfies(error(400, "ValidationError"));
    assertThatThrownBy(() -> iam.createGroup(r -> r.groupName("g".repeat(129))))
        .satisfies(error(400, "ValidationError"));
    iam.createGroup(r -> r.groupName("g".repeat(128)));
    assertThatThrownBy(() -> iam.createGroup(r -> r.groupName("nopath").path("eng")))
        .satisfies(error(400, "ValidationError"));

    iam.createUser(r -> r.userName("gina"));
    iam.createUser(r -> r.userName("hank"));
    iam.addUserToGroup(r -> r.groupName("devs").userName("gina"));
    iam.addUserToGroup(r -> r.groupName("devs").userName("hank"));
    iam.addUserToGroup(r -> r.groupName("devs").userName("hank")); // again: no change, as IAM
    assertThatThrownBy(() -> iam.addUserToGroup(r -> r.groupName("nogroup").userName("hank")))
        .satisfies(error(404, "NoSuchEntity"));
    assertThatThrownBy(() -> iam.addUserToGroup(r -> r.groupName("devs").userName("nobody")))
        .satisfies(error(404, "NoSuchEntity"));
    GetGroupResponse got = iam.getGroup(r -> r.groupName("devs"));
    assertThat(got.group().groupId()).isEqualTo(g.groupId());
    assertThat(got.users()).extracting(User::userName).containsExactly("gina", "hank");
    assertThat(got.isTruncated()).isFalse();
    assertThat(iam.listGroupsForUser(r -> r.userName("gina")).groups()).extracting(Group::groupName)
        .containsExactly("devs");

    iam.removeUserFromGroup(r -> r.groupName("devs").userName("gina"));
    assertThatThrownBy(() -> iam.removeUserFromGroup(r -> r.groupName("devs").userName("gina")))
        .satisfies(error(404, "NoSuchEntity"));
    assertThat(iam.listGroupsForUser(r -> r.userName("gina")).groups()).isEmpty();

    // Renamed and moved, the group keeps its id and members.
    iam.createGroup(r -> r.groupName("ops"));
    assertThatThrownBy(() -> iam.updateGroup(r -> r.groupName("devs").newGroupName("ops")))
        .satisfies(error(409, "EntityAlreadyExists"));
    assertThatThrownBy(() -> iam.updateGroup(r -> r.groupName("devs").newPath("bad")))
        .satisfies(error(400, "ValidationError"));
    iam.updateGroup(r -> r.groupName("devs").newGroupName("builders").newPath("/eng/core/"));
    assertThatThrownBy(() -> iam.getGroup(r -> r.groupName("devs"))).satisfies(error(404, "NoSuchEntity"));
    GetGroupResponse moved = iam.getGroup(r -> r.groupName("builders"));
    assertThat(moved.group().groupId()).isEqualTo(g.groupId());
    assertThat(moved.group().arn()).endsWith(":group/eng/core/builders");
    assertThat(moved.users()).extracting(User::userName).containsExactly("hank");
    assertThat(iam.listGroupsForUser(r -> r.userName("hank")).groups()).extracting(Group::groupName)
        .containsExactly("builders");

    assertThatThrownBy(() -> iam.deleteGroup(r -> r.groupName("builders"))).satisfies(error(409, "DeleteConflict"))
        .hasMessageContaining("member");
    iam.removeUserFromGroup(r -> r.groupName("builders").userName("hank"));
    iam.deleteGroup(r -> r.groupName("builders"));
    assertThatThrownBy(() -> iam.deleteGroup(r -> r.groupName("builders"))).satisfies(error(404, "NoSuchEntity"));
    assertThat(iam.listGroups().groups()).extracting(Group::groupName).doesNotContain("builders").contains("ops");
  }

  /** Parallel creates of one name: one group, the others EntityAlreadyExists (never a 500). */
  @Test
  void parallelCreatesOfOneGroupMakeOne() throws Exception {
    int n = 6;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<String>> outcomes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        outcomes.add(pool.submit(() -> {
          start.await();
          try {
            iam.createGroup(r -> r.groupName("raced"));
            return "made";
          } catch (IamException e) {
            return e.awsErrorDetails().errorCode();
          }
        }));
      }
      start.countDown();
      List<String> codes = new ArrayList<>();
      for (var o : outcomes) {
        codes.add(o.get());
      }
      assertThat(codes).containsOnlyOnce("made").containsOnly("made", "EntityAlreadyExists");
    } finally {
      pool.shutdownNow();
    }
    assertThat(iam.listGroups().groups()).extracting(Group::groupName).containsOnlyOnce("raced");
  }

  @Test
  void onlyTheAccountAdminManagesGroupsButAUserSeesItsOwnWhereAPolicySaysSo() throws Exception {
    User ivy = iam.createUser(r -> r.userName("ivy")).user();
    iam.createGroup(r -> r.groupName("ivy-group"));
    iam.addUserToGroup(r -> r.groupName("ivy-group").userName("ivy"));
    AccessKey k = iam.createAccessKey(r -> r.userName("ivy")).accessKey();
    try (IamClient asIvy = iam(k.accessKeyId(), k.secretAccessKey())) {
      // Without a policy not even its own groups (as IAM); with one on its own ARN, those.
      assertThatThrownBy(() -> asIvy.listGroupsForUser(r -> r.userName("ivy"))).satisfies(error(403, "AccessDenied"));
      insertPolicy("USER", ivy.userId(), "own-groups", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
          + "\"Allow\",\"Action\":\"iam:ListGroupsForUser\",\"Resource\":\"arn:aws:iam::*:user/${aws:username}\"}]}");
      assertThat(asIvy.listGroupsForUser(r -> r.userName("ivy")).groups()).extracting(Group::groupName)
          .containsExactly("ivy-group");
      assertThatThrownBy(() -> asIvy.createGroup(r -> r.groupName("mine"))).satisfies(error(403, "AccessDenied"));
      assertThatThrownBy(() -> asIvy.getGroup(r -> r.groupName("ivy-group"))).satisfies(error(403, "AccessDenied"));
      assertThatThrownBy(() -> asIvy.listGroupsForUser(r -> r.userName("admin")))
          .satisfies(error(403, "AccessDenied"));
      assertThatThrownBy(() -> asIvy.updateUser(r -> r.userName("ivy").newUserName("ivy2")))
          .satisfies(error(403, "AccessDenied"));
      assertThatThrownBy(() -> asIvy.createAccountAlias(r -> r.accountAlias("ivys-account")))
          .satisfies(error(403, "AccessDenied"));
      assertThatThrownBy(asIvy::getAccountSummary).satisfies(error(403, "AccessDenied"));
    }
  }

  /** Collects every page of a list action, 3 items a page, and checks the markers between them. */
  static <R, T> List<List<T>> pages(Function<String, R> call, Function<R, List<T>> items,
      Function<R, Boolean> truncated, Function<R, String> marker) {
    List<List<T>> pages = new ArrayList<>();
    String next = null;
    do {
      R r = call.apply(next);
      pages.add(items.apply(r));
      next = truncated.apply(r) ? marker.apply(r) : null;
      assertThat(truncated.apply(r)).isEqualTo(next != null);
    } while (next != null && pages.size() < 20);
    return pages;
  }

  @Test
  void listsComeInPagesUnderAPathPrefix() throws Exception {
    for (int i = 1; i <= 7; i++) {
      String n = "pg" + i;
      iam.createUser(r -> r.userName(n).path("/paged/"));
      iam.createGroup(r -> r.groupName(n).path("/paged/" + (n.equals("pg7") ? "deeper/" : "")));
    }
    iam.createGroup(r -> r.groupName("pgx").path("/elsewhere/"));
    iam.createUser(r -> r.userName("pg-member"));
    for (int i = 1; i <= 7; i++) {
      String n = "pg" + i;
      iam.addUserToGroup(r -> r.groupName(n).userName("pg-member"));
      iam.addUserToGroup(r -> r.groupName("pg1").userName(n));
    }

    List<List<String>> users = pages(m -> iam.listUsers(r -> r.pathPrefix("/paged/").maxItems(3).marker(m)),
        r -> r.users().stream().map(User::userName).toList(), ListUsersResponse::isTruncated,
        ListUsersResponse::marker);
    assertThat(users).containsExactly(List.of("pg1", "pg2", "pg3"), List.of("pg4", "pg5", "pg6"), List.of("pg7"));

    List<List<String>> groups = pages(m -> iam.listGroups(r -> r.pathPrefix("/paged").maxItems(3).marker(m)),
        r -> r.groups().stream().map(Group::groupName).toList(), ListGroupsResponse::isTruncated,
        ListGroupsResponse::marker);
    assertThat(groups).containsExactly(List.of("pg1", "pg2", "pg3"), List.of("pg4", "pg5", "pg6"), List.of("pg7"));
    assertThat(iam.listGroups(r -> r.pathPrefix("/paged/deeper/")).groups()).extracting(Group::groupName)
        .containsExactly("pg7");
    assertThat(iam.listGroups(r -> r.pathPrefix("/elsewhere/")).groups()).extracting(Group::groupName)
        .containsExactly("pgx");

    List<List<String>> members = pages(m -> iam.getGroup(r -> r.groupName("pg1").maxItems(3).marker(m)),
        r -> r.users().stream().map(User::userName).toList(), GetGroupResponse::isTruncated,
        GetGroupResponse::marker);
    assertThat(members).containsExactly(List.of("pg-member", "pg1", "pg2"), List.of("pg3", "pg4", "pg5"),
        List.of("pg6", "pg7"));

    List<List<String>> memberOf = pages(
        m -> iam.listGroupsForUser(r -> r.userName("pg-member").maxItems(3).marker(m)),
        r -> r.groups().stream().map(Group::groupName).toList(), ListGroupsForUserResponse::isTruncated,
        ListGroupsForUserResponse::marker);
    assertThat(memberOf).containsExactly(List.of("pg1", "pg2", "pg3"), List.of("pg4", "pg5", "pg6"),
        List.of("pg7"));

    // A user's keys and certificates page the same way (two keys at most, so a page of one).
    iam.createAccessKey(r -> r.userName("pg-member"));
    iam.createAccessKey(r -> r.userName("pg-member"));
    List<List<String>> keys = pages(m -> iam.listAccessKeys(r -> r.userName("pg-member").maxItems(1).marker(m)),
        r -> r.accessKeyMetadata().stream().map(k -> k.accessKeyId()).toList(),
        software.amazon.awssdk.services.iam.model.ListAccessKeysResponse::isTruncated,
        software.amazon.awssdk.services.iam.model.ListAccessKeysResponse::marker);
    assertThat(keys).hasSize(2).allSatisfy(p -> assertThat(p).hasSize(1));
    assertThat(keys.get(0).get(0)).isLessThan(keys.get(1).get(0));
    signingCertificate("pg-member");
    signingCertificate("pg-member");
    List<List<String>> certs = pages(
        m -> iam.listSigningCertificates(r -> r.userName("pg-member").maxItems(1).marker(m)),
        r -> r.certificates().stream().map(c -> c.certificateId()).toList(),
        software.amazon.awssdk.services.iam.model.ListSigningCertificatesResponse::isTruncated,
        software.amazon.awssdk.services.iam.model.ListSigningCertificatesResponse::marker);
    assertThat(certs).hasSize(2).allSatisfy(p -> assertThat(p).hasSize(1));

    // A page boundary holds when the item before it goes.
    ListUsersResponse first = iam.listUsers(r -> r.pathPrefix("/paged/").maxItems(3));
    IamTest.assertOk(call("DeleteUser", "UserName", "pg3", "IsRecursive", "true"));
    assertThat(iam.listUsers(r -> r.pathPrefix("/paged/").maxItems(3).marker(first.marker())).users())
        .extracting(User::userName).containsExactly("pg4", "pg5", "pg6");

    assertThat(iam.listUsers(r -> r.pathPrefix("/paged/")).users()).hasSize(6);
    for (int bad : new int[] {0, 1001, -1}) {
      assertThatThrownBy(() -> iam.listUsers(r -> r.maxItems(bad))).satisfies(error(400, "ValidationError"));
      assertThatThrownBy(() -> iam.listGroups(r -> r.maxItems(bad))).satisfies(error(400, "ValidationError"));
    }
    assertThat(iam.listGroups(r -> r.maxItems(1000)).isTruncated()).isFalse();
    assertThatThrownBy(() -> iam.listUsers(r -> r.marker("not-a-marker!")))
        .satisfies(error(400, "ValidationError"));
    assertThatThrownBy(() -> iam.getGroup(r -> r.groupName("pg1").marker("bm90LW91cnM")))
        .satisfies(error(400, "ValidationError"));
    assertThatThrownBy(() -> iam.listGroups(r -> r.pathPrefix("paged/")))
        .satisfies(error(400, "ValidationError"));
    assertThatThrownBy(() -> iam.listUsers(r -> r.pathPrefix("paged")))
        .satisfies(error(400, "ValidationError"));
  }

  @Test
  void aRenamedUserKeepsItsKeysCertificatesPoliciesAndGroups() throws Exception {
    User u = iam.createUser(r -> r.userName("jack")).user();
    AccessKey k = iam.createAccessKey(r -> r.userName("jack")).accessKey();
    String cert = signingCertificate("jack");
    iam.createGroup(r -> r.groupName("jacks"));
    iam.addUserToGroup(r -> r.groupName("jacks").userName("jack"));
    insertPolicy("USER", u.userId(), "jack-policy", "{\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":[\"iam:GetUser\",\"iam:ListGroupsForUser\",\"ec2:Describe*\"],\"Resource\":\"*\"}]}");
    try (IamClient asJack = iam(k.accessKeyId(), k.secretAccessKey())) {
      assertThat(asJack.getUser().user().userName()).isEqualTo("jack");

      iam.createUser(r -> r.userName("taken"));
      assertThatThrownBy(() -> iam.updateUser(r -> r.userName("jack").newUserName("taken")))
          .satisfies(error(409, "EntityAlreadyExists"));
      assertThatThrownBy(() -> iam.updateUser(r -> r.userName("jack").newUserName("bad name")))
          .satisfies(error(400, "ValidationError"));
      assertThatThrownBy(() -> iam.updateUser(r -> r.userName("nobody").newUserName("x")))
          .satisfies(error(404, "NoSuchEntity"));
      assertThatThrownBy(() -> iam.updateUser(r -> r.userName("admin").newUserName("boss")))
          .satisfies(error(400, "ValidationError"));
      iam.updateUser(r -> r.userName("admin").newPath("/root/")); // a path is fine
      assertThat(iam.getUser(r -> r.userName("admin")).user().path()).isEqualTo("/root/");

      iam.updateUser(r -> r.userName("jack").newUserName("john").newPath("/ops/"));
      // Its own key now says who it is at once (no cached old name).
      assertThat(asJack.getUser().user().userName()).isEqualTo("john");
      assertThat(asJack.listGroupsForUser(r -> r.userName("john")).groups()).extracting(Group::groupName)
          .containsExactly("jacks");
    }
    assertThatThrownBy(() -> iam.getUser(r -> r.userName("jack"))).satisfies(error(404, "NoSuchEntity"));
    User john = iam.getUser(r -> r.userName("john")).user();
    assertThat(john.userId()).isEqualTo(u.userId());
    assertThat(john.path()).isEqualTo("/ops/");
    assertThat(john.arn()).isEqualTo("arn:aws:iam::" + admin.accountNumber() + ":user/ops/john");
    assertThat(john.createDate()).isEqualTo(u.createDate());
    assertThat(iam.listAccessKeys(r -> r.userName("john")).accessKeyMetadata()).singleElement()
        .satisfies(m -> assertThat(m.accessKeyId()).isEqualTo(k.accessKeyId()));
    assertThat(iam.listSigningCertificates(r -> r.userName("john")).certificates()).singleElement()
        .satisfies(c -> assertThat(c.certificateId()).isEqualTo(cert));
    assertThat(iam.getGroup(r -> r.groupName("jacks")).users()).extracting(User::userName).containsExactly("john");
    assertThat(count("select count(*) from iam_policies where owner_kind = 'USER' and owner_id = ?", u.userId()))
        .isEqualTo(1);
    try (Ec2Client ec2 = f.ec2(k.accessKeyId(), k.secretAccessKey())) {
      ec2.describeRegions(); // the key still signs for the renamed user
    }
  }

  /** Gives a user one more thing to hold. */
  interface Holding {
    void give(User u) throws Exception;
  }

  /** Each thing a user holds is a DeleteConflict of its own; IsRecursive=true removes them all. */
  @Test
  void aUserWithAnythingLeftIsADeleteConflictUnlessRecursive() throws Exception {
    Map<String, Holding> holdings = new java.util.LinkedHashMap<>();
    holdings.put("access key", u -> iam.createAccessKey(r -> r.userName(u.userName())));
    holdings.put("signing certificate", u -> signingCertificate(u.userName()));
    holdings.put("polic", u -> insertPolicy("USER", u.userId(), "p"));
    holdings.put("group membership", u -> {
      iam.createGroup(r -> r.groupName("of-" + u.userName()));
      iam.addUserToGroup(r -> r.groupName("of-" + u.userName()).userName(u.userName()));
    });
    holdings.put("login profile", u -> insertLoginProfile(u.userId()));
    int i = 0;
    for (Map.Entry<String, Holding> h : holdings.entrySet()) {
      String name = "holder" + i++;
      User u = iam.createUser(r -> r.userName(name)).user();
      h.getValue().give(u);
      assertThatThrownBy(() -> iam.deleteUser(r -> r.userName(name))).as(h.getKey())
          .satisfies(error(409, "DeleteConflict")).hasMessageContaining(h.getKey());
      assertThat(iam.getUser(r -> r.userName(name)).user().userId()).isEqualTo(u.userId());
    }

    User all = iam.createUser(r -> r.userName("holds-all")).user();
    for (Holding h : holdings.values()) {
      h.give(all);
    }
    assertThatThrownBy(() -> iam.deleteUser(r -> r.userName("holds-all"))).satisfies(error(409, "DeleteConflict"));
    assertThat(rowsOf(all.userId())).isEqualTo(6); // key, certificate, policy, membership, profile, user
    IamTest.assertOk(call("DeleteUser", "UserName", "holds-all", "IsRecursive", "true"));
    assertThat(rowsOf(all.userId())).isZero();
    assertThatThrownBy(() -> iam.getUser(r -> r.userName("holds-all"))).satisfies(error(404, "NoSuchEntity"));
    assertThat(iam.getGroup(r -> r.groupName("of-holds-all")).users()).isEmpty();
  }

  @Test
  void aGroupWithMembersOrPoliciesIsADeleteConflictUnlessRecursive() throws Exception {
    iam.createUser(r -> r.userName("kim"));
    Group withMember = iam.createGroup(r -> r.groupName("with-member")).group();
    iam.addUserToGroup(r -> r.groupName("with-member").userName("kim"));
    Group withPolicy = iam.createGroup(r -> r.groupName("with-policy")).group();
    insertPolicy("GROUP", withPolicy.groupId(), "gp");
    assertThatThrownBy(() -> iam.deleteGroup(r -> r.groupName("with-member"))).satisfies(error(409, "DeleteConflict"))
        .hasMessageContaining("member");
    assertThatThrownBy(() -> iam.deleteGroup(r -> r.groupName("with-policy"))).satisfies(error(409, "DeleteConflict"))
        .hasMessageContaining("polic");

    IamTest.assertOk(call("DeleteGroup", "GroupName", "with-member", "IsRecursive", "true"));
    IamTest.assertOk(call("DeleteGroup", "GroupName", "with-policy", "IsRecursive", "true"));
    assertThat(count("select count(*) from iam_group_members where group_id = ?", withMember.groupId())).isZero();
    assertThat(count("select count(*) from iam_policies where owner_id = ?", withPolicy.groupId())).isZero();
    assertThat(iam.listGroupsForUser(r -> r.userName("kim")).groups()).isEmpty();
    assertThat(iam.getUser(r -> r.userName("kim")).user().userName()).isEqualTo("kim");
  }

  @Test
  void anAccountHasOneAliasUniqueInTheCloud() throws Exception {
    AccessKeyOwner other = f.newAccount("alias-other");
    try (IamClient otherIam = iam(other)) {
      assertThat(iam.listAccountAliases().accountAliases()).isEmpty();
      iam.createAccountAlias(r -> r.accountAlias("tenant-one"));
      iam.createAccountAlias(r -> r.accountAlias("tenant-one")); // its own again: no change
      assertThat(iam.listAccountAliases().accountAliases()).containsExactly("tenant-one");
      assertThatThrownBy(() -> otherIam.createAccountAlias(r -> r.accountAlias("tenant-one")))
          .satisfies(error(409, "EntityAlreadyExists"));
      assertThatThrownBy(() -> otherIam.deleteAccountAlias(r -> r.accountAlias("tenant-one")))
          .satisfies(error(404, "NoSuchEntity"));
      for (String bad : List.of("ab", "-abc", "abc-", "a--b", "Upper", "under_score", "123456789012", "a".repeat(64))) {
        assertThatThrownBy(() -> iam.createAccountAlias(r -> r.accountAlias(bad))).as(bad)
            .satisfies(error(400, "ValidationError"));
      }
      // A second alias replaces the first, which is free for others then.
      iam.createAccountAlias(r -> r.accountAlias("tenant-1a"));
      assertThat(iam.listAccountAliases().accountAliases()).containsExactly("tenant-1a");
      otherIam.createAccountAlias(r -> r.accountAlias("tenant-one"));
      assertThat(otherIam.listAccountAliases().accountAliases()).containsExactly("tenant-one");
      iam.deleteAccountAlias(r -> r.accountAlias("tenant-1a"));
      assertThat(iam.listAccountAliases().accountAliases()).isEmpty();
    }
  }

  @Test
  void theAccountSummaryCountsWhatTheAccountHas() throws Exception {
    AccessKeyOwner counted = f.newAccount("summary-tenant");
    try (IamClient c = iam(counted)) {
      c.createUser(r -> r.userName("s1"));
      c.createUser(r -> r.userName("s2"));
      c.createGroup(r -> r.groupName("sg"));
      Map<String, Integer> m = c.getAccountSummary().summaryMapAsStrings();
      assertThat(m).containsEntry("Users", 3).containsEntry("Groups", 1).containsEntry("AccessKeysPerUserQuota", 2)
          .containsEntry("GroupsPerUserQuota", 10).containsEntry("AccountMFAEnabled", 0)
          .containsEntry("AccountAccessKeysPresent", 1).doesNotContainKey("UsersQuota");
      // The cloud administrator's quota policy on the account shows as its UsersQuota.
      insertPolicy("ACCOUNT", counted.accountNumber(), "quota", "{\"Statement\":[{\"Effect\":\"Limit\","
          + "\"Action\":\"iam:CreateUser\",\"Resource\":\"*\","
          + "\"Condition\":{\"NumericLessThanEquals\":{\"iam:quota-usernumber\":\"5\"}}}]}");
      assertThat(c.getAccountSummary().summaryMapAsStrings()).containsEntry("UsersQuota", 5);
    }
  }

  @Test
  void accountDeletionTakesTheAccountsGroupsPoliciesProfilesAndAlias() throws Exception {
    AccessKeyOwner cloudAdmin = f.clc.admin();
    AccessKeyOwner doomed = f.newAccount("groups-doomed");
    String a = doomed.accountNumber();
    User u;
    Group g;
    try (IamClient d = iam(doomed)) {
      u = d.createUser(r -> r.userName("member")).user();
      g = d.createGroup(r -> r.groupName("crew")).group();
      d.addUserToGroup(r -> r.groupName("crew").userName("member"));
      insertPolicy("USER", u.userId(), "up");
      insertPolicy("GROUP", g.groupId(), "gp");
      insertPolicy("ACCOUNT", a, "quota", "{\"Statement\":[{\"Effect\":\"Limit\",\"Action\":\"ec2:RunInstances\","
          + "\"Resource\":\"*\",\"Condition\":{\"NumericLessThanEquals\":{\"ec2:quota-vminstancenumber\":\"5\"}}}]}");
      insertLoginProfile(u.userId());
      d.createAccountAlias(r -> r.accountAlias("doomed-alias"));
    }
    var refused = post(cloudAdmin, Map.of("Action", "DeleteAccount", "Version", "2010-05-08",
        "AccountName", "groups-doomed"));
    IamTest.assertError(refused, 409, "DeleteConflict");
    assertThat(refused.body()).contains("IAM group(s)").contains("policy(ies)");
    IamTest.assertOk(post(cloudAdmin, Map.of("Action", "DeleteAccount", "Version", "2010-05-08",
        "AccountName", "groups-doomed", "Recursive", "true")));
    assertThat(count("select count(*) from iam_groups where account_number = ?", a)).isZero();
    assertThat(count("select count(*) from iam_group_members where group_id = ?", g.groupId())).isZero();
    assertThat(count("select count(*) from iam_policies where owner_id in (?, ?, ?)", a, u.userId(), g.groupId()))
        .isZero();
    assertThat(count("select count(*) from iam_login_profiles where user_id = ?", u.userId())).isZero();
    assertThat(count("select count(*) from iam_account_aliases where alias = 'doomed-alias'")).isZero();
    // The alias is free again.
    iam.createAccountAlias(r -> r.accountAlias("doomed-alias"));
    iam.deleteAccountAlias(r -> r.accountAlias("doomed-alias"));
  }

  /** The user's rows in every table that refers to it, itself included. */
  static long rowsOf(String userId) throws Exception {
    long n = 0;
    for (String table : List.of("access_keys", "signing_certificates", "iam_group_members", "iam_login_profiles",
        "users")) {
      n += count("select count(*) from " + table + " where user_id = ?", userId);
    }
    return n + count("select count(*) from iam_policies where owner_kind = 'USER' and owner_id = ?", userId);
  }

  static String signingCertificate(String user) throws Exception {
    var r = call("CreateSigningCertificate", "UserName", user);
    IamTest.assertOk(r);
    return r.body().replaceAll("(?s).*<CertificateId>([^<]+)</CertificateId>.*", "$1");
  }

  static java.net.http.HttpResponse<String> call(String action, String... params) throws Exception {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("Action", action);
    m.put("Version", "2010-05-08");
    for (int i = 0; i < params.length; i += 2) {
      m.put(params[i], params[i + 1]);
    }
    return post(admin, m);
  }

  static void insertPolicy(String kind, String ownerId, String name) throws Exception {
    insertPolicy(kind, ownerId, name, "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:Describe*\","
        + "\"Resource\":\"*\"}]}");
  }

  static void insertPolicy(String kind, String ownerId, String name, String document) throws Exception {
    update("insert into iam_policies (policy_id, owner_kind, owner_id, name, document, created)"
        + " values (?, ?, ?, ?, ?, ?)", "P" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 20),
        kind, ownerId, name, document, Timestamp.from(Instant.now()));
  }

  static void insertLoginProfile(String userId) throws Exception {
    update("insert into iam_login_profiles (user_id, password_hash, created) values (?, 'not-a-real-hash', ?)",
        userId, Timestamp.from(Instant.now()));
  }

  static java.net.http.HttpResponse<String> post(AccessKeyOwner key, Map<String, String> params) throws Exception {
    String body = org.eucalyptus.common.auth.QuerySigner.formBody(params);
    URI uri = URI.create(f.base() + "/services/Euare");
    var b = java.net.http.HttpRequest.newBuilder(uri).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
    new org.eucalyptus.common.auth.QuerySigner(key.accessKeyId(), key.secretKey(), "eucalyptus", "iam")
        .sign(uri, body, Instant.now()).forEach(b::header);
    return java.net.http.HttpClient.newHttpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  static Connection connect() throws Exception {
    return DriverManager.getConnection(f.database.jdbcUrl(), f.database.user(), f.database.password());
  }

  static void update(String sql, Object... args) throws Exception {
    try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      st.executeUpdate();
    }
  }

  static long count(String sql, Object... args) throws Exception {
    try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
