package org.eucalyptus.clc.usage;

import java.time.Instant;

/**
 * One resource an account holds, as usage counts it: an instance (its type, cores and memory), a volume
 * or snapshot (its size), or a public address, held by {@code user} in {@code zone} from {@code since}.
 */
record Held(String kind, String resourceId, String account, String user, String zone, String detail, long sizeGib,
    int cores, int memoryMb, Instant since) {
  static final String INSTANCE = "instance";
  static final String VOLUME = "volume";
  static final String SNAPSHOT = "snapshot";
  static final String ADDRESS = "address";

  String key() {
    return kind + "/" + resourceId;
  }

  /** Whether {@code other} is the same holding (the same resource held by the same account from the same time). */
  boolean sameAs(Held other) {
    return other.account.equals(account) && other.since.equals(since);
  }
}
