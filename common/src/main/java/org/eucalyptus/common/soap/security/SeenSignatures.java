package org.eucalyptus.common.soap.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.wss4j.common.cache.ReplayCache;

/**
 * The signed messages a service has accepted while their Timestamps are current, so that each is
 * accepted once (WSS4J asks it before accepting a signature, and adds each one it accepts). Kept in
 * memory: CXF's own default, an EhCache with a disk store of its own in a temporary directory, holds
 * 33 open files and a few threads for each service endpoint, which a process serving a thousand
 * simulated node controllers cannot afford; what it remembers is the same.
 *
 * <p>An entry is needed only while its message could otherwise pass: until its Timestamp expires,
 * and never longer than {@link WsSecurity#TIMESTAMP_TTL} and twice the clock skew from now (a
 * Timestamp older than that is refused as stale anyway). Expired entries are swept at most once a
 * {@link #SWEEP} and whenever there are more than {@code most}; if that many are all current, the
 * ones expiring first go (as a full EhCache would evict some).
 */
final class SeenSignatures implements ReplayCache {
  static final Duration SWEEP = Duration.ofSeconds(30);
  private static final Duration LONGEST = WsSecurity.TIMESTAMP_TTL.plus(WsSecurity.CLOCK_SKEW.multipliedBy(2));

  private final Clock clock;
  private final int most;
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();
  private volatile Instant nextSweep;

  SeenSignatures(Clock clock, int most) {
    this.clock = clock;
    this.most = most;
    this.nextSweep = clock.instant().plus(SWEEP);
  }

  @Override
  public void add(String identifier) {
    add(identifier, null);
  }

  @Override
  public void add(String identifier, Instant expires) {
    Instant now = clock.instant();
    Instant latest = now.plus(LONGEST);
    seen.put(identifier, expires == null || expires.isAfter(latest) ? latest : expires);
    if (seen.size() > most || now.isAfter(nextSweep)) {
      sweep(now);
    }
  }

  @Override
  public boolean contains(String identifier) {
    Instant expires = seen.get(identifier);
    return expires != null && expires.isAfter(clock.instant());
  }

  /** How many are remembered (expired ones not yet swept included). */
  int size() {
    return seen.size();
  }

  private synchronized void sweep(Instant now) {
    nextSweep = now.plus(SWEEP);
    seen.values().removeIf(expires -> !expires.isAfter(now));
    int over = seen.size() - most;
    if (over > 0) {
      seen.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.naturalOrder())).limit(over)
          .map(Map.Entry::getKey).toList().forEach(seen::remove);
    }
  }

  @Override
  public void close() {
    seen.clear();
  }
}
