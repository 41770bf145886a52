package org.eucalyptus.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** Eucalyptus's Limit statements: quotas per user (its own and groups' policies) and per account. */
@UnitTest
class LimitsTest {
  private static PolicyDocument limit(String action, String operator, String key, String n) {
    return Policies.doc("{'Statement':{'Effect':'Limit','Action':'" + action + "','Resource':'*',"
        + "'Condition':{'" + operator + "':{'" + key + "':'" + n + "'}}}}");
  }

  @Test
  void theOriginalsFormReads() {
    PolicyDocument d = Policies.doc("{'Effect':'Limit','Action':'ec2:RunInstances','Resource':'*',"
        .replace("{'Effect'", "{'Statement':{'Effect'")
        + "'Condition':{'NumericLessThanEquals':{'ec2:quota-vminstancenumber':'2'}}}}");
    assertThat(d.statements().get(0).effect()).isEqualTo(Effect.LIMIT);
    assertThat(PolicyEvaluator.limit(List.of(d), "ec2:RunInstances", Quotas.VM_INSTANCE_NUMBER)).isEqualTo(2);
    assertThat(PolicyEvaluator.limit(List.of(d), "ec2:runinstances", "EC2:Quota-VmInstanceNumber")).isEqualTo(2);
    assertThat(PolicyEvaluator.limit(List.of(d), "ec2:AllocateAddress", Quotas.VM_INSTANCE_NUMBER)).isEqualTo(-1);
    assertThat(PolicyEvaluator.limit(List.of(d), "ec2:RunInstances", Quotas.ADDRESS_NUMBER)).isEqualTo(-1);
  }

  @Test
  void lessThanAllowsOneFewerAndTheLowestLimitWins() {
    PolicyDocument five = limit("ec2:*", "NumericLessThanEquals", Quotas.ADDRESS_NUMBER, "5");
    PolicyDocument underThree = limit("ec2:AllocateAddress", "NumericLessThan", Quotas.ADDRESS_NUMBER, "3");
    PolicyDocument zero = limit("ec2:AllocateAddress", "NumericLessThan", Quotas.ADDRESS_NUMBER, "0");
    assertThat(PolicyEvaluator.limit(List.of(five), "ec2:AllocateAddress", Quotas.ADDRESS_NUMBER)).isEqualTo(5);
    assertThat(PolicyEvaluator.limit(List.of(five, underThree), "ec2:AllocateAddress", Quotas.ADDRESS_NUMBER))
        .isEqualTo(2);
    assertThat(PolicyEvaluator.limit(List.of(zero), "ec2:AllocateAddress", Quotas.ADDRESS_NUMBER)).isZero();
  }

  @Test
  void everyQuotaKeyIsAccepted() {
    for (String key : Quotas.KEYS) {
      PolicyDocument d = limit("*", "NumericLessThanEquals", key, "7");
      assertThat(PolicyEvaluator.limit(List.of(d), "s3:CreateBucket", key)).as(key).isEqualTo(7);
    }
    PolicyDocument big = limit("s3:*", "NumericLessThanEquals", Quotas.BUCKET_TOTAL_SIZE, "9223372036854775807");
    assertThat(PolicyEvaluator.limit(List.of(big), "s3:PutObject", Quotas.BUCKET_TOTAL_SIZE)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void authorizationSplitsUserAndAccountLimits() {
    PolicyDocument userLimit = limit("s3:CreateBucket", "NumericLessThanEquals", Quotas.BUCKET_NUMBER, "1");
    PolicyDocument accountLimit = limit("s3:CreateBucket", "NumericLessThanEquals", Quotas.BUCKET_NUMBER, "10");
    Authorization a = Policies.user(Policies.ALICE, List.of(userLimit), List.of(accountLimit));
    assertThat(a.limits("s3:CreateBucket", Quotas.BUCKET_NUMBER))
        .isEqualTo(new Limits(OptionalLong.of(1), OptionalLong.of(10)));
    assertThat(a.limits("s3:CreateBucket", Quotas.BUCKET_OBJECT_NUMBER)).isEqualTo(Limits.NONE);
    Authorization admin = Policies.user(Policies.ACCOUNT_ADMIN, List.of(), List.of(accountLimit));
    assertThat(admin.limits("s3:CreateBucket", Quotas.BUCKET_NUMBER))
        .isEqualTo(new Limits(OptionalLong.empty(), OptionalLong.of(10)));
    Authorization cloud = Policies.user(Policies.CLOUD_ADMIN, List.of(userLimit), List.of(accountLimit));
    assertThat(cloud.limits("s3:CreateBucket", Quotas.BUCKET_NUMBER)).isEqualTo(Limits.NONE);
  }

  @Test
  void anAccountOfLimitsAloneBoundsNothingElse() {
    PolicyDocument accountLimit = limit("ec2:RunInstances", "NumericLessThanEquals", Quotas.VM_INSTANCE_NUMBER, "2");
    Authorization admin = Policies.user(Policies.ACCOUNT_ADMIN, List.of(), List.of(accountLimit));
    assertThat(admin.accountBounded()).isFalse();
    assertThat(admin.allows("ec2:RunInstances", "arn:aws:ec2:::instance/*")).isTrue();
    assertThat(admin.allows("s3:CreateBucket", "arn:aws:s3:::b")).isTrue();
  }
}
