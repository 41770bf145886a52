package org.eucalyptus.common.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class StepTimesTest {
  @Test
  void eachStepIsTimedFromTheEndOfTheOneBefore() throws Exception {
    StepTimes t = new StepTimes();
    assertThat(t).hasToString("");
    Thread.sleep(30);
    t.done("first");
    t.done("second");
    String[] parts = t.toString().split(", ");
    assertThat(parts).hasSize(2);
    assertThat(parts[0]).matches("first \\d+ ms");
    assertThat(Long.parseLong(parts[0].replaceAll("\\D", ""))).isGreaterThanOrEqualTo(30);
    assertThat(Long.parseLong(parts[1].replaceAll("\\D", ""))).isLessThan(30); // not counted from the start
  }
}
