package org.eucalyptus.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** IAM's * and ?: actions compared case-insensitively, resources case-sensitively. */
@UnitTest
class WildcardsTest {
  @Test
  void starAndQuestionMark() {
    assertThat(Wildcards.matches("*", "", false)).isTrue();
    assertThat(Wildcards.matches("*", "anything", false)).isTrue();
    assertThat(Wildcards.matches("a*", "a", false)).isTrue();
    assertThat(Wildcards.matches("a*c", "abbbc", false)).isTrue();
    assertThat(Wildcards.matches("a*c", "abbbcd", false)).isFalse();
    assertThat(Wildcards.matches("a?c", "abc", false)).isTrue();
    assertThat(Wildcards.matches("a?c", "ac", false)).isFalse();
    assertThat(Wildcards.matches("*a*b*", "xxaxxbxx", false)).isTrue();
    assertThat(Wildcards.matches("*a*b*", "xxbxxaxx", false)).isFalse();
    assertThat(Wildcards.matches("", "", false)).isTrue();
    assertThat(Wildcards.matches("", "a", false)).isFalse();
  }

  @Test
  void aStarInTheValueIsNoObstacle() {
    // The first version matched the value's * as a literal first and never backtracked to the wildcard.
    assertThat(Wildcards.matches("a*c", "a*xc", false)).isTrue();
    assertThat(Wildcards.matches("arn:aws:s3:::b/*", "arn:aws:s3:::b/*x", false)).isTrue();
  }

  @Test
  void backtrackingStaysLinearEnough() {
    String value = "a".repeat(20_000);
    long start = System.nanoTime();
    assertThat(Wildcards.matches("*a*a*a*a*a*b", value, false)).isFalse();
    assertThat(System.nanoTime() - start).as("no exponential blow-up").isLessThan(5_000_000_000L);
  }

  @Test
  void actionsIgnoreCaseResourcesDoNot() {
    Authorization a = Policies.alice(Policies.statement(
        "{'Effect':'Allow','Action':'EC2:describe*','Resource':'arn:aws:ec2:::instance/i-*'}"));
    assertThat(a.allows("ec2:DescribeInstances", "arn:aws:ec2:::instance/i-1")).isTrue();
    assertThat(a.allows("EC2:DESCRIBEINSTANCES", "arn:aws:ec2:::instance/i-1")).isTrue();
    assertThat(a.allows("ec2:RunInstances", "arn:aws:ec2:::instance/i-1")).isFalse();
    assertThat(a.allows("ec2:DescribeInstances", "arn:aws:ec2:::instance/I-1")).isFalse();
    assertThat(a.allows("ec2:DescribeInstances", "arn:aws:ec2:::INSTANCE/i-1")).isFalse();
    assertThat(a.allows("ec2:DescribeImages", "arn:aws:ec2:::image/emi-1")).isFalse();
  }

  @Test
  void questionMarksInActionsAndResources() {
    Authorization a = Policies.alice(Policies.statement(
        "{'Effect':'Allow','Action':'s3:?etObject','Resource':'arn:aws:s3:::bucket/k?y'}"));
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::bucket/key")).isTrue();
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::bucket/kay")).isTrue();
    assertThat(a.allows("s3:PutObject", "arn:aws:s3:::bucket/key")).isFalse();
    assertThat(a.allows("s3:DeleteObject", "arn:aws:s3:::bucket/key")).isFalse();
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::bucket/keys")).isFalse();
  }

  @Test
  void aResourceStarCrossesSlashesAndColons() {
    Authorization a = Policies.alice(Policies.statement(
        "{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bucket/home/*'}"));
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::bucket/home/alice/a:b/c")).isTrue();
    assertThat(a.allows("s3:GetObject", "arn:aws:s3:::bucket/home")).isFalse();
    assertThat(a.allows("s3:ListBucket", "arn:aws:s3:::bucket")).isFalse();
  }
}
