package org.eucalyptus.clc.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows guessing at console passwords: after {@link #FREE} failed sign-ins to an account, or from an
 * address, each further attempt there must wait twice as long as the last (1 s, 2 s, 4 s, ... up to
 * {@link #LONGEST}) after the latest failure. Keyed by both, so neither many addresses against one
 * account nor one address across many accounts goes faster. A success clears its account and address.
 */
public final class SignInThrottle {
  static final int FREE = 3;
  static final Duration LONGEST = Duration.ofMinutes(5);
  /** Failures older than this are forgotten. */
  static final Duration MEMORY = Duration.ofMinutes(30);
  /** Past this many remembered keys, the forgotten ones are swept out at the next failure. */
  private static final int SWEEP_ABOVE = 10_000;

  private record Failures(int count, Instant last) {}

  private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  public SignInThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long a sign-in to {@code account} from {@code address} must still wait; zero when it may go now. */
  public Duration waitFor(String account, String address) {
    Instant now = clock.instant();
    Duration longest = Duration.ZERO;
    for (String key : keys(account, address)) {
      Failures f = failures.get(key);
      if (f == null || f.count() < FREE || f.last().plus(MEMORY).isBefore(now)) {
        continue;
      }
      Duration left = Duration.between(now, f.last().plus(delay(f.count())));
      if (left.compareTo(longest) > 0) {
        longest = left;
      }
    }
    return longest;
  }

  /** A wrong password, user or account. */
  public void failed(String account, String address) {
    Instant now = clock.instant();
    if (failures.size() > SWEEP_ABOVE) {
      failures.values().removeIf(f -> f.last().plus(MEMORY).isBefore(now));
    }
    for (String key : keys(account, address)) {
      failures.merge(key, new Failures(1, now), (old, one) ->
          old.last().plus(MEMORY).isBefore(now) ? one : new Failures(old.count() + 1, now));
    }
  }

  /** A sign-in that succeeded. */
  public void succeeded(String account, String address) {
    keys(account, address).forEach(failures::remove);
  }

  /** The wait after the {@code count}th failure. */
  static Duration delay(int count) {
    if (count < FREE) {
      return Duration.ZERO;
    }
    int doublings = Math.min(count - FREE, 20);
    Duration d = Duration.ofSeconds(1L << doublings);
    return d.compareTo(LONGEST) > 0 ? LONGEST : d;
  }

  private static List<String> keys(String account, String address) {
    return List.of("account:" + (account == null ? "" : account.strip().toLowerCase(java.util.Locale.ROOT)),
        "address:" + address);
  }
}
