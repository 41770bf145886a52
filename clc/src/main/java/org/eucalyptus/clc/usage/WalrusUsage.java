package org.eucalyptus.clc.usage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What Walrus reports for usage (its GetWalrusUsage): every bucket's bytes now, and requests per bucket and hour. */
public record WalrusUsage(List<Bucket> buckets, List<HourRequests> requests) {
  /** A bucket, its owner account, the user who made it ("" if unknown), when, and the bytes it holds now. */
  public record Bucket(String name, String account, String user, Instant created, long bytes) {}

  /** The requests naming buckets of {@code account} made by {@code user} in the hour from {@code hour}. */
  public record HourRequests(Instant hour, String bucket, String account, String user, long requests) {}

  /** Where the recorder reads it; empty when Walrus cannot answer now (the recorder then keeps what it had). */
  @FunctionalInterface
  public interface Source {
    Optional<WalrusUsage> read(Instant sinceHour);

    /** No Walrus (a cloud without one, or a test of the CLC alone). */
    Source NONE = since -> Optional.empty();
  }
}
