package org.eucalyptus.sc.store;

import java.time.Instant;
import java.util.Optional;

/** A snapshot as the storage controller keeps it; its bytes are in Walrus. */
public record Snapshot(String id, String volumeId, int volumeSizeGib, Status status, int progress,
    Optional<String> reason, Instant started) {

  /** pending, completed, deleting, failed: as the contract spells them. */
  public enum Status {
    PENDING, COMPLETED, DELETING, FAILED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
