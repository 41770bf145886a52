package org.eucalyptus.common.http;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts a server port's open connections, in all and per client address, against their caps. */
final class ConnectionLimits {
  private final int max;
  private final int perClient;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, Integer> byClient = new ConcurrentHashMap<>();

  ConnectionLimits(int max, int perClient) {
    this.max = max;
    this.perClient = perClient;
  }

  /** Takes a place for a new connection from {@code client}; false (and nothing taken) when over a cap. */
  boolean tryOpen(InetAddress client) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      return false;
    }
    boolean[] ok = {false};
    byClient.compute(client, (a, n) -> {
      int count = n == null ? 0 : n;
      ok[0] = count < perClient;
      return ok[0] ? count + 1 : n;
    });
    if (!ok[0]) {
      open.decrementAndGet();
    }
    return ok[0];
  }

  /** Gives back the place of a connection {@link #tryOpen} admitted. */
  void closed(InetAddress client) {
    byClient.computeIfPresent(client, (a, n) -> n <= 1 ? null : n - 1);
    open.decrementAndGet();
  }

  int open() {
    return open.get();
  }
}
