package org.eucalyptus.sc.store;

import java.time.Instant;
import java.util.Optional;

/** A volume as the storage controller keeps it. */
public record Volume(String id, int sizeGib, Optional<String> snapshotId, Status status, Optional<String> reason,
    Instant created) {

  /** creating, available, deleting, failed: as the contract spells them. */
  public enum Status {
    CREATING, AVAILABLE, DELETING, FAILED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public long bytes() {
    return (long) sizeGib << 30;
  }
}
