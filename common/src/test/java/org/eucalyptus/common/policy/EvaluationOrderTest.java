package org.eucalyptus.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** IAM's order: an explicit Deny wins, then any Allow, else the default deny; NotAction and NotResource. */
@UnitTest
class EvaluationOrderTest {
  private static final String I1 = "arn:aws:ec2:::instance/i-1";

  @Test
  void nothingIsAllowedByDefault() {
    Authorization a = Policies.alice();
    assertThat(a.decide("ec2:DescribeInstances", I1)).isEqualTo(Decision.DEFAULT_DENY);
    assertThat(a.mayAttempt("ec2:DescribeInstances")).isFalse();
  }

  @Test
  void aDenyBeatsAnAllowWhereverEitherIs() {
    PolicyDocument allow = Policies.statement("{'Effect':'Allow','Action':'ec2:*','Resource':'*'}");
    PolicyDocument deny = Policies.statement("{'Effect':'Deny','Action':'ec2:TerminateInstances','Resource':'" + I1 + "'}");
    for (Authorization a : List.of(Policies.alice(allow, deny), Policies.alice(deny, allow))) {
      assertThat(a.decide("ec2:TerminateInstances", I1)).isEqualTo(Decision.EXPLICIT_DENY);
      assertThat(a.decide("ec2:TerminateInstances", "arn:aws:ec2:::instance/i-2")).isEqualTo(Decision.ALLOW);
      assertThat(a.decide("ec2:RunInstances", I1)).isEqualTo(Decision.ALLOW);
    }
    PolicyDocument oneDoc = Policies.doc("{'Statement':[{'Effect':'Allow','Action':'ec2:*'},"
        + "{'Effect':'Deny','Action':'ec2:Terminate*'}]}");
    assertThat(Policies.alice(oneDoc).decide("ec2:TerminateInstances", I1)).isEqualTo(Decision.EXPLICIT_DENY);
  }

  @Test
  void aDenyWhoseConditionFailsDeniesNothing() {
    PolicyDocument d = Policies.doc("{'Statement':[{'Effect':'Allow','Action':'ec2:*'},"
        + "{'Effect':'Deny','Action':'ec2:*','Condition':{'Bool':{'aws:SecureTransport':'false'}}}]}");
    assertThat(Policies.alice(d).allows("ec2:RunInstances", I1)).isTrue(); // the request came over TLS
  }

  @Test
  void notActionAllowsAllButTheNamed() {
    Authorization a = Policies.alice(Policies.statement(
        "{'Effect':'Allow','NotAction':['iam:*','ec2:Terminate*'],'Resource':'*'}"));
    assertThat(a.allows("ec2:RunInstances", I1)).isTrue();
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::b/k")).isTrue();
    assertThat(a.allows("ec2:TerminateInstances", I1)).isFalse();
    assertThat(a.allows("IAM:CreateUser", "arn:aws:iam::123456789012:user/bob")).isFalse();
    assertThat(a.mayAttempt("iam:ListUsers")).isFalse();
    assertThat(a.mayAttempt("ec2:DescribeInstances")).isTrue();
  }

  @Test
  void notResourceAllowsAllButTheNamed() {
    Authorization a = Policies.alice(Policies.statement(
        "{'Effect':'Allow','Action':'s3:*','NotResource':['arn:aws:s3:::secret','arn:aws:s3:::secret/*']}"));
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::public/k")).isTrue();
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::secret/k")).isFalse();
    assertThat(a.allows("s3:ListBucket", "arn:aws:s3:::secret")).isFalse();
  }

  @Test
  void aDenyWithNotResourceDeniesTheRest() {
    PolicyDocument d = Policies.doc("{'Statement':[{'Effect':'Allow','Action':'s3:*'},"
        + "{'Effect':'Deny','Action':'s3:*','NotResource':'arn:aws:s3:::mine/*'}]}");
    Authorization a = Policies.alice(d);
    assertThat(a.decide("s3:GetObject", "arn:aws:s3:::mine/k")).isEqualTo(Decision.ALLOW);
    assertThat(a.decide("s3:GetObject", "arn:aws:s3:::theirs/k")).isEqualTo(Decision.EXPLICIT_DENY);
  }

  @Test
  void absentResourceMeansEveryResource() {
    Authorization a = Policies.alice(Policies.statement("{'Effect':'Allow','Action':'ec2:Describe*'}"));
    assertThat(a.allows("ec2:DescribeInstances", I1)).isTrue();
    assertThat(a.allows("ec2:DescribeImages", "arn:aws:ec2:::image/emi-1")).isTrue();
  }

  @Test
  void limitStatementsAreNoPermission() {
    Authorization a = Policies.alice(Policies.statement("{'Effect':'Limit','Action':'ec2:RunInstances','Resource':'*',"
        + "'Condition':{'NumericLessThanEquals':{'ec2:quota-vminstancenumber':'2'}}}"));
    assertThat(a.decide("ec2:RunInstances", I1)).isEqualTo(Decision.DEFAULT_DENY);
    assertThat(a.mayAttempt("ec2:RunInstances")).isFalse();
  }

  @Test
  void theStaticEvaluatorAgrees() {
    PolicyDocument d = Policies.doc("{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'s3:*',"
        + "'Resource':'arn:aws:s3:::${aws:username}/*'},{'Effect':'Deny','Action':'s3:DeleteObject',"
        + "'Condition':{'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}}]}");
    java.util.function.Function<String, String> keys =
        k -> switch (k) { case "aws:username" -> "alice"; case "aws:sourceip" -> "10.0.0.1"; default -> null; };
    assertThat(PolicyEvaluator.evaluate(d.statements(), "s3:GetObject", "arn:aws:s3:::alice/k", keys))
        .isEqualTo(Decision.ALLOW);
    assertThat(PolicyEvaluator.evaluate(d.statements(), "s3:GetObject", "arn:aws:s3:::bob/k", keys))
        .isEqualTo(Decision.DEFAULT_DENY);
    assertThat(PolicyEvaluator.evaluate(d.statements(), "s3:DeleteObject", "arn:aws:s3:::alice/k", keys))
        .isEqualTo(Decision.EXPLICIT_DENY);
  }
}
