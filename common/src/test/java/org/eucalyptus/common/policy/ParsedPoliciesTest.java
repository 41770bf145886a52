package org.eucalyptus.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class ParsedPoliciesTest {
  static final String ALLOW = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:*\",\"Resource\":\"*\"}]}";

  @Test
  void aTextIsParsedOnceAndAChangedTextIsParsedAnew() {
    ParsedPolicies parsed = new ParsedPolicies();
    PolicyDocument first = parsed.of(ALLOW);
    assertThat(parsed.of(ALLOW)).isSameAs(first);
    PolicyDocument changed = parsed.of(ALLOW.replace("ec2:*", "s3:*"));
    assertThat(changed.statements().get(0).actions()).containsExactly("s3:*");
  }

  @Test
  void aStoredTextThatNoLongerParsesIsLeftOut() {
    assertThat(new ParsedPolicies().of("{\"Statement\": [")).isNull();
  }
}
