package org.eucalyptus.common.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers key look-ups (found or not) for a short while, so that a busy API does not read the
 * key table on every request; a disabled key stops working within {@code ttl}.
 */
public final class CachingKeyResolver implements SecretKeyResolver {
  private record Cached(Optional<AccessKeyOwner> owner, Instant expires) {}

  private final SecretKeyResolver source;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public CachingKeyResolver(SecretKeyResolver source, Clock clock, Duration ttl) {
    this.source = source;
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public Optional<AccessKeyOwner> resolve(String accessKeyId) {
    if (accessKeyId == null || accessKeyId.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Cached c = cache.get(accessKeyId);
    if (c != null && c.expires().isAfter(now)) {
      return c.owner();
    }
    Optional<AccessKeyOwner> owner = source.resolve(accessKeyId);
    cache.put(accessKeyId, new Cached(owner, now.plus(ttl)));
    return owner;
  }

  /** Forgets one key at once (after it was disabled or deleted here). */
  public void forget(String accessKeyId) {
    cache.remove(accessKeyId);
  }
}
