package org.eucalyptus.clc.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class SignInThrottleTest {
  final ConsoleClock clock = new ConsoleClock();
  final SignInThrottle throttle = new SignInThrottle(clock);

  @Test
  void theFirstFailuresAreFreeThenEachWaitDoublesUpToFiveMinutes() {
    for (int i = 0; i < SignInThrottle.FREE - 1; i++) {
      throttle.failed("acme", "10.0.0.1");
      assertThat(throttle.waitFor("acme", "10.0.0.1")).isZero();
    }
    throttle.failed("acme", "10.0.0.1");
    assertThat(throttle.waitFor("acme", "10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofMillis(400));
    assertThat(throttle.waitFor("acme", "10.0.0.1")).isEqualTo(Duration.ofMillis(600));
    clock.advance(Duration.ofMillis(600));
    assertThat(throttle.waitFor("acme", "10.0.0.1")).isZero();
    throttle.failed("acme", "10.0.0.1");
    assertThat(throttle.waitFor("acme", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
    for (int i = 0; i < 20; i++) {
      throttle.failed("acme", "10.0.0.1");
    }
    assertThat(throttle.waitFor("acme", "10.0.0.1")).isEqualTo(SignInThrottle.LONGEST);
  }

  @Test
  void anAccountIsSlowedFromEveryAddressAndAnAddressForEveryAccount() {
    for (int i = 0; i < SignInThrottle.FREE; i++) {
      throttle.failed("acme", "10.0.0." + i); // one guess from each of three addresses
    }
    assertThat(throttle.waitFor("ACME", "10.9.9.9")).isPositive(); // names are case-insensitive
    assertThat(throttle.waitFor("other", "10.9.9.9")).isZero();
    for (int i = 0; i < SignInThrottle.FREE; i++) {
      throttle.failed("account-" + i, "10.1.1.1"); // one address across three accounts
    }
    assertThat(throttle.waitFor("fresh", "10.1.1.1")).isPositive();
  }

  @Test
  void aSuccessClearsItsAccountAndAddressAndOldFailuresAreForgotten() {
    for (int i = 0; i < SignInThrottle.FREE; i++) {
      throttle.failed("acme", "10.0.0.1");
    }
    throttle.succeeded("acme", "10.0.0.1");
    assertThat(throttle.waitFor("acme", "10.0.0.1")).isZero();
    for (int i = 0; i < SignInThrottle.FREE; i++) {
      throttle.failed("acme", "10.0.0.1");
    }
    clock.advance(SignInThrottle.MEMORY.plusSeconds(1));
    assertThat(throttle.waitFor("acme", "10.0.0.1")).isZero();
    throttle.failed("acme", "10.0.0.1"); // counted afresh
    assertThat(throttle.waitFor("acme", "10.0.0.1")).isZero();
  }
}
