package org.eucalyptus.common.soap.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** A service's accepted signatures: each remembered while its Timestamp could pass, and no longer. */
@UnitTest
class SeenSignaturesTest {
  /** A clock the test moves. */
  static final class Hands extends Clock {
    Instant now = Instant.parse("2026-12-05T23:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void aSignatureIsRememberedUntilItsTimestampExpires() {
    Hands clock = new Hands();
    SeenSignatures seen = new SeenSignatures(clock, 1000);
    seen.add("a", clock.now.plusSeconds(60));
    assertThat(seen.contains("a")).isTrue();
    assertThat(seen.contains("b")).isFalse();
    clock.now = clock.now.plusSeconds(59);
    assertThat(seen.contains("a")).isTrue();
    clock.now = clock.now.plusSeconds(1);
    assertThat(seen.contains("a")).isFalse();
  }

  @Test
  void noLongerThanAStaleTimestampWouldPassAndSweptAfterwards() {
    Hands clock = new Hands();
    SeenSignatures seen = new SeenSignatures(clock, 1000);
    seen.add("far", clock.now.plus(Duration.ofDays(1))); // a sender's Expires far ahead
    seen.add("none"); // no Expires at all
    Duration longest = WsSecurity.TIMESTAMP_TTL.plus(WsSecurity.CLOCK_SKEW.multipliedBy(2));
    clock.now = clock.now.plus(longest).minusSeconds(1);
    assertThat(seen.contains("far")).isTrue();
    assertThat(seen.contains("none")).isTrue();
    clock.now = clock.now.plusSeconds(1);
    assertThat(seen.contains("far")).isFalse();
    assertThat(seen.contains("none")).isFalse();
    // The next addition after a sweep period forgets them.
    clock.now = clock.now.plus(SeenSignatures.SWEEP);
    seen.add("c", clock.now.plusSeconds(60));
    assertThat(seen.size()).isEqualTo(1);
  }

  @Test
  void atMostSoManyTheOnesExpiringFirstGoFirst() {
    Hands clock = new Hands();
    SeenSignatures seen = new SeenSignatures(clock, 3);
    for (int i = 1; i <= 5; i++) {
      seen.add("s" + i, clock.now.plusSeconds(100 - i)); // each expires before the one before it
    }
    assertThat(seen.size()).isEqualTo(3);
    assertThat(List.of("s1", "s2", "s3", "s4", "s5")).filteredOn(seen::contains).containsExactly("s1", "s2", "s3");
  }
}
