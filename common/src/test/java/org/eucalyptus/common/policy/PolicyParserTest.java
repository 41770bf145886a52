package org.eucalyptus.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** What the parser accepts and how it keeps it. */
@UnitTest
class PolicyParserTest {
  @Test
  void versionsAndTheirDefault() {
    assertThat(Policies.doc("{'Statement':{'Effect':'Allow','Action':'ec2:*'}}").version()).isEqualTo("2008-10-17");
    PolicyDocument v2012 = Policies.doc("{'Version':'2012-10-17','Id':'x','Statement':{'Effect':'Allow','Action':'ec2:*'}}");
    assertThat(v2012.version()).isEqualTo("2012-10-17");
    assertThat(v2012.statements().get(0).variables()).isTrue();
    assertThat(Policies.doc("{'Version':'2008-10-17','Statement':{'Effect':'Allow','Action':'ec2:*'}}")
        .statements().get(0).variables()).isFalse();
  }

  @Test
  void aStatementObjectOrAList() {
    PolicyDocument one = Policies.doc("{'Statement':{'Sid':'One','Effect':'Deny','Action':'ec2:Run*',"
        + "'Resource':'arn:aws:ec2:::instance/*'}}");
    assertThat(one.statements()).containsExactly(new Statement("One", Effect.DENY, List.of("ec2:Run*"), false,
        List.of("arn:aws:ec2:::instance/*"), false, List.of()));
    PolicyDocument two = Policies.doc("{'Statement':[{'Effect':'Allow','NotAction':['iam:*','s3:*']},"
        + "{'Effect':'Allow','Action':'*','NotResource':'arn:aws:s3:::secret/*'}]}");
    assertThat(two.statements()).hasSize(2);
    assertThat(two.statements().get(0).notAction()).isTrue();
    assertThat(two.statements().get(0).resources()).containsExactly("*");
    assertThat(two.statements().get(1).notResource()).isTrue();
  }

  @Test
  void conditionsAreKeptInIamsSpellingWithKeysInLowerCase() {
    PolicyDocument d = Policies.statement("{'Effect':'Allow','Action':'s3:*','Condition':{"
        + "'stringlikeifexists':{'S3:Prefix':['home/*','etc/*']},'forallvalues:StringEquals':{'s3:x':'a'},"
        + "'Bool':{'aws:SecureTransport':true},'NumericLessThan':{'s3:max-keys':10}}}");
    assertThat(d.statements().get(0).conditions()).containsExactly(
        new Condition("StringLikeIfExists", "s3:prefix", List.of("home/*", "etc/*")),
        new Condition("ForAllValues:StringEquals", "s3:x", List.of("a")),
        new Condition("Bool", "aws:securetransport", List.of("true")),
        new Condition("NumericLessThan", "s3:max-keys", List.of("10")));
  }

  @Test
  void everyOperatorIsKnown() {
    for (Operator.Base b : Operator.Base.values()) {
      String value = switch (b.kind) {
        case NUMERIC -> "1";
        case DATE -> "2026-01-01T00:00:00Z";
        case BOOL, NULL -> "true";
        case IP -> "10.0.0.0/8";
        case ARN -> "arn:aws:s3:::b";
        default -> "v";
      };
      PolicyDocument d = Policies.statement("{'Effect':'Allow','Action':'s3:*','Condition':{'" + b.name()
          + "':{'s3:k':'" + value + "'}}}");
      assertThat(d.statements().get(0).conditions().get(0).operator()).isEqualTo(b.name());
    }
  }

  @Test
  void actionsAndArnsOfEveryService() {
    PolicyDocument d = Policies.statement("{'Effect':'Allow','Action':['ec2:*','ec2:Describe*','s3:GetObject',"
        + "'iam:*','ec2:?un*','*'],'Resource':['*','arn:aws:ec2:::instance/i-*','arn:aws:s3:::bucket/key/*',"
        + "'arn:aws:iam::123456789012:user/dev/alice','arn:aws:iam::123456789012:root','arn:*:*:*:*:*']}");
    assertThat(d.statements().get(0).actions()).hasSize(6);
    assertThat(d.statements().get(0).resources()).hasSize(6);
  }

  @Test
  void theArnsServicesWrite() {
    assertThat(Arns.ec2(Arns.INSTANCE, "i-1")).isEqualTo("arn:aws:ec2:::instance/i-1");
    assertThat(Arns.s3Object("b", "k/x")).isEqualTo("arn:aws:s3:::b/k/x");
    assertThat(Arns.iamUser("123456789012", "/dev/", "alice")).isEqualTo("arn:aws:iam::123456789012:user/dev/alice");
    assertThat(Arns.iamAccount("123456789012")).isEqualTo("arn:aws:iam::123456789012:root");
    assertThat(Arns.isArn(Arns.iamGroup("123456789012", "/", "devs"))).isTrue();
    assertThat(Arns.isArn("arn:aws:s3::bucket")).isFalse();
  }
}
