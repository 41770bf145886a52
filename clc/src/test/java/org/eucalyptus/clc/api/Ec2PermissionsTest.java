package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** An EC2 action cannot be served without saying what it is checked on. */
@UnitTest
class Ec2PermissionsTest {
  @Test
  void anUndeclaredActionIsRefusedAtStart() {
    QueryAction anything = req -> "";
    assertThatThrownBy(() -> new Ec2Permissions(null).guard(Map.of("LaunchRockets", anything)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("LaunchRockets");
  }
}
