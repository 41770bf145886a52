package org.eucalyptus.clc.usage;

import java.time.Instant;

/**
 * One resource an account holds, as usage counts it: an instance (its type, cores and memory), a volume
 * or snapshot (its size in GiB), a public address, or a bucket (its bytes), held by {@code user} in
 * {@code zone} (none for a bucket) from {@code since}.
 */
record Held(String kind, String resourceId, String account, String user, String zone, String detail, long sizeGib,
    int cores, int memoryMb, Instant since, long sizeBytes) {
  static final String INSTANCE = "instance";
  static final String VOLUME = "volume";
  static final String SNAPSHOT = "snapshot";
  static final String ADDRESS = "address";
  static final String BUCKET = "bucket";

  /** A holding measured in anything but bytes. */
  Held(String kind, String resourceId, String account, String user, String zone, String detail, long sizeGib,
      int cores, int memoryMb, Instant since) {
    this(kind, resourceId, account, user, zone, detail, sizeGib, cores, memoryMb, since, 0);
  }

  String key() {
    return kind + "/" + resourceId;
  }

  /**
   * Whether {@code other} is the same holding (the same resource held by the same account from the same
   * time, and as large).
   */
  boolean sameAs(Held other) {
    return other.account.equals(account) && other.since.equals(since) && other.sizeBytes == sizeBytes;
  }
}
