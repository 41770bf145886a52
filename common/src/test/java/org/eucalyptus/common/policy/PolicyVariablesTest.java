package org.eucalyptus.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** ${…} in 2012-10-17 resources and condition values; literal text in 2008-10-17. */
@UnitTest
class PolicyVariablesTest {
  private static final String HOME = "{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::home/${aws:username}/*'}";

  @Test
  void theUsersNameInAResource() {
    Authorization a = Policies.alice(Policies.statement(HOME));
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::home/alice/notes")).isTrue();
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::home/bob/notes")).isFalse();
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::home/${aws:username}/notes")).isFalse();
  }

  @Test
  void in2008TheTextIsLiteral() {
    Authorization a = Policies.alice(Policies.doc("{'Version':'2008-10-17','Statement':" + HOME + "}"));
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::home/alice/notes")).isFalse();
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::home/${aws:username}/notes")).isTrue();
    Authorization noVersion = Policies.alice(Policies.doc("{'Statement':" + HOME + "}"));
    assertThat(noVersion.allows("s3:GetObject", "arn:aws:s3:::home/alice/notes")).as("absent Version is 2008").isFalse();
  }

  @Test
  void theUserIdAndOtherRequestKeys() {
    Authorization a = Policies.alice(Policies.statement(
        "{'Effect':'Allow','Action':'s3:*','Resource':['arn:aws:s3:::ids/${aws:userid}','arn:aws:s3:::ip/${aws:SourceIp}']}"));
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::ids/AIDALICE")).isTrue();
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::ip/10.1.2.3")).isTrue();
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::ids/AIDBOB")).isFalse();
  }

  @Test
  void escapedCharactersAreLiteralNotWildcards() {
    Authorization a = Policies.alice(Policies.statement(
        "{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::b/${*}${?}${$}/*'}"));
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::b/*?$/x")).isTrue();
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::b/ab$/x")).isFalse();
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::b/xyz$/x")).isFalse();
  }

  @Test
  void aSubstitutedNameIsLiteral() {
    Caller star = new Caller("123456789012", "acme", "AIDSTAR", "a*", "AK", false);
    Authorization a = Policies.user(star, Policies.FACTS, Policies.statement(HOME));
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::home/a*/x")).isTrue();
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::home/alice/x")).as("the name's * is no wildcard").isFalse();
  }

  @Test
  void anAbsentVariableMatchesNothing() {
    Authorization a = Policies.alice(Policies.statement(
        "{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::b/${aws:principaltag}/*'}"));
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::b//x")).isFalse();
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::b/${aws:principaltag}/x")).isFalse();
  }

  @Test
  void inConditionValues() {
    PolicyDocument d = Policies.statement("{'Effect':'Allow','Action':'s3:ListBucket','Resource':'arn:aws:s3:::home',"
        + "'Condition':{'StringLike':{'s3:prefix':['home/${aws:username}/*','${*}']}}}");
    Authorization a = Policies.alice(d);
    assertThat(a.allows("s3:ListBucket", "arn:aws:s3:::home", Map.of("s3:prefix", "home/alice/docs/"))).isTrue();
    assertThat(a.allows("s3:ListBucket", "arn:aws:s3:::home", Map.of("s3:prefix", "home/bob/"))).isFalse();
    assertThat(a.allows("s3:ListBucket", "arn:aws:s3:::home", Map.of("s3:prefix", "*"))).isTrue();
    assertThat(a.allows("s3:ListBucket", "arn:aws:s3:::home", Map.of("s3:prefix", "anything"))).isFalse();
  }
}
