package org.eucalyptus.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** Who may do what: the cloud administrator, an account's admin, a user, and the account's policies over them. */
@UnitTest
class AuthorizationTest {
  private static final String I1 = "arn:aws:ec2:::instance/i-1";
  private static final PolicyDocument ALLOW_EC2 = Policies.statement("{'Effect':'Allow','Action':'ec2:*'}");
  private static final PolicyDocument DENY_TERMINATE =
      Policies.statement("{'Effect':'Deny','Action':'ec2:TerminateInstances','Resource':'*'}");
  private static final PolicyDocument ALLOW_EC2_AND_S3 =
      Policies.statement("{'Effect':'Allow','Action':['ec2:*','s3:*'],'Resource':'*'}");

  @Test
  void theCloudAdministratorMayDoEverything() {
    Authorization a = Policies.user(Policies.CLOUD_ADMIN, List.of(DENY_TERMINATE), List.of(DENY_TERMINATE));
    assertThat(a.cloudAdmin()).isTrue();
    assertThat(a.allows("ec2:TerminateInstances", I1)).isTrue();
    assertThat(a.allows("iam:CreateAccount", "arn:aws:iam::000000000001:root")).isTrue();
    assertThat(a.mayAttempt("ec2:TerminateInstances")).isTrue();
  }

  @Test
  void anAccountAdminMayDoAnythingItsAccountDoesNotDeny() {
    Authorization a = Policies.user(Policies.ACCOUNT_ADMIN, List.of(DENY_TERMINATE), List.of());
    assertThat(a.accountAdmin()).isTrue();
    assertThat(a.cloudAdmin()).isFalse();
    assertThat(a.allows("ec2:TerminateInstances", I1)).as("its own policies do not bind it").isTrue();
    assertThat(a.allows("iam:CreateUser", "arn:aws:iam::123456789012:user/bob")).isTrue();
    assertThat(a.mayAttempt("s3:ListAllMyBuckets")).isTrue();
  }

  @Test
  void anAccountsDenyDeniesEveryoneInItTheAdminToo() {
    Authorization admin = Policies.user(Policies.ACCOUNT_ADMIN, List.of(), List.of(DENY_TERMINATE));
    assertThat(admin.decide("ec2:TerminateInstances", I1)).isEqualTo(Decision.EXPLICIT_DENY);
    assertThat(admin.mayAttempt("ec2:TerminateInstances")).isFalse();
    assertThat(admin.allows("ec2:RunInstances", I1)).as("a Deny alone bounds nothing else").isTrue();
    assertThat(admin.accountBounded()).isFalse();
    Authorization alice = Policies.user(Policies.ALICE, List.of(ALLOW_EC2), List.of(DENY_TERMINATE));
    assertThat(alice.decide("ec2:TerminateInstances", I1)).isEqualTo(Decision.EXPLICIT_DENY);
    assertThat(alice.allows("ec2:RunInstances", I1)).isTrue();
  }

  @Test
  void anAccountsAllowBoundsTheAccount() {
    Authorization admin = Policies.user(Policies.ACCOUNT_ADMIN, List.of(), List.of(ALLOW_EC2_AND_S3));
    assertThat(admin.accountBounded()).isTrue();
    assertThat(admin.allows("ec2:RunInstances", I1)).isTrue();
    assertThat(admin.allows("s3:CreateBucket", "arn:aws:s3:::b")).isTrue();
    assertThat(admin.decide("iam:CreateUser", "arn:aws:iam::123456789012:user/bob")).isEqualTo(Decision.DEFAULT_DENY);
    assertThat(admin.mayAttempt("iam:ListUsers")).isFalse();
    assertThat(admin.mayAttempt("ec2:DescribeInstances")).isTrue();
    // A user needs both: the account's bound and its own allow.
    Authorization alice = Policies.user(Policies.ALICE,
        List.of(Policies.statement("{'Effect':'Allow','Action':['ec2:Describe*','iam:*']}")), List.of(ALLOW_EC2_AND_S3));
    assertThat(alice.allows("ec2:DescribeInstances", I1)).isTrue();
    assertThat(alice.allows("ec2:RunInstances", I1)).as("not its own allow").isFalse();
    assertThat(alice.allows("iam:ListUsers", "arn:aws:iam::123456789012:user/")).as("outside the account's").isFalse();
    assertThat(alice.mayAttempt("iam:ListUsers")).isFalse();
  }

  @Test
  void anAccountBoundWithAResourceAndACondition() {
    PolicyDocument account = Policies.statement("{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::acme-*',"
        + "'Condition':{'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}}");
    Authorization admin = Policies.user(Policies.ACCOUNT_ADMIN, List.of(), List.of(account));
    assertThat(admin.allows("s3:CreateBucket", "arn:aws:s3:::acme-logs")).isTrue();
    assertThat(admin.allows("s3:CreateBucket", "arn:aws:s3:::other")).isFalse();
    Authorization fromOutside = new Authorization(Policies.ACCOUNT_ADMIN, new CallerPolicies(List.of(), List.of(account)),
        new RequestFacts("192.0.2.1", true, Policies.NOW));
    assertThat(fromOutside.allows("s3:CreateBucket", "arn:aws:s3:::acme-logs")).isFalse();
    assertThat(fromOutside.mayAttempt("s3:ListAllMyBuckets")).isFalse();
  }

  @Test
  void aUserMayDoWhatItsPoliciesAllowAndNothingDenies() {
    Authorization a = Policies.user(Policies.ALICE, List.of(ALLOW_EC2, DENY_TERMINATE), List.of());
    assertThat(a.accountAdmin()).isFalse();
    assertThat(a.allows("ec2:RunInstances", I1)).isTrue();
    assertThat(a.allows("ec2:TerminateInstances", I1)).isFalse();
    assertThat(a.allows("s3:ListAllMyBuckets", "arn:aws:s3:::")).isFalse();
    assertThat(a.mayAttempt("ec2:DescribeInstances")).isTrue();
    assertThat(a.mayAttempt("ec2:TerminateInstances")).as("a Deny of everything").isFalse();
    assertThat(a.mayAttempt("s3:ListAllMyBuckets")).isFalse();
  }

  @Test
  void mayAttemptWhenSomeResourceCouldBeAllowed() {
    Authorization a = Policies.alice(Policies.doc("{'Statement':[{'Effect':'Allow','Action':'ec2:Describe*',"
        + "'Resource':'arn:aws:ec2:::instance/i-1'},{'Effect':'Deny','Action':'ec2:*',"
        + "'Resource':'arn:aws:ec2:::instance/i-2'}]}"));
    assertThat(a.mayAttempt("ec2:DescribeInstances")).isTrue();
    assertThat(a.allows("ec2:DescribeInstances", I1)).isTrue();
    assertThat(a.allows("ec2:DescribeInstances", "arn:aws:ec2:::instance/i-2")).isFalse();
    assertThat(a.allows("ec2:DescribeInstances", "arn:aws:ec2:::instance/i-3")).isFalse();
    Authorization fromOutside = Policies.user(Policies.ALICE, new RequestFacts("192.0.2.1", true, Policies.NOW),
        Policies.statement("{'Effect':'Allow','Action':'ec2:*','Condition':{'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}}"));
    assertThat(fromOutside.mayAttempt("ec2:DescribeInstances")).as("its only Allow cannot hold for this request").isFalse();
  }

  @Test
  void decisionsWithServiceKeysAreRememberedPerKeys() {
    PolicyDocument d = Policies.statement("{'Effect':'Allow','Action':'s3:ListBucket','Resource':'arn:aws:s3:::b',"
        + "'Condition':{'StringLike':{'s3:prefix':'home/*'}}}");
    Authorization a = Policies.alice(d);
    assertThat(a.decide("s3:ListBucket", "arn:aws:s3:::b", Map.of("s3:prefix", "home/x"))).isEqualTo(Decision.ALLOW);
    assertThat(a.decide("s3:ListBucket", "arn:aws:s3:::b", Map.of("s3:prefix", "etc/"))).isEqualTo(Decision.DEFAULT_DENY);
    assertThat(a.decide("s3:ListBucket", "arn:aws:s3:::b")).isEqualTo(Decision.DEFAULT_DENY);
    assertThat(a.decide("s3:ListBucket", "arn:aws:s3:::b", Map.of("S3:Prefix", "home/x"))).isEqualTo(Decision.ALLOW);
    assertThat(a.decide("s3:ListBucket", "arn:aws:s3:::b", Map.of("s3:prefix", "home/x"))).isEqualTo(Decision.ALLOW);
  }

  @Test
  void aDecisionIsThisRequestsOnly() {
    // Each request builds its own Authorization from the policies read for it: a new policy counts at once.
    CallerPolicies before = new CallerPolicies(List.of(), List.of());
    CallerPolicies after = new CallerPolicies(List.of(ALLOW_EC2), List.of());
    assertThat(new Authorization(Policies.ALICE, before, Policies.FACTS).allows("ec2:RunInstances", I1)).isFalse();
    assertThat(new Authorization(Policies.ALICE, after, Policies.FACTS).allows("ec2:RunInstances", I1)).isTrue();
  }

  @Test
  void concurrentQuestionsOnOneRequestAgree() throws Exception {
    Authorization a = Policies.user(Policies.ALICE, List.of(ALLOW_EC2, DENY_TERMINATE), List.of());
    List<Thread> threads = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
    for (int t = 0; t < 4; t++) {
      Thread th = new Thread(() -> {
        for (int i = 0; i < 2_000; i++) {
          String r = "arn:aws:ec2:::instance/i-" + (i % 50);
          if (!a.allows("ec2:RunInstances", r) || a.allows("ec2:TerminateInstances", r)) {
            wrong.incrementAndGet();
          }
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    assertThat(wrong).hasValue(0);
  }
}
