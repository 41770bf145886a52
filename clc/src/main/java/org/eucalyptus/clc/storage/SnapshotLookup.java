package org.eucalyptus.clc.storage;

import org.eucalyptus.clc.errors.DomainException;

/**
 * What CreateVolume with a SnapshotId needs to know of the snapshot (the snapshots' store answers
 * it): a completed snapshot the caller's account may create volumes from (its own, or one whose
 * createVolumePermission names the account or all), and its volume's size. A snapshot of any zone
 * will do: its bytes are in Walrus.
 */
public interface SnapshotLookup {
  /** The snapshot's size in GiB; NotFound (SNAPSHOT) if the account may not use it, Conflict if it is not completed. */
  int restorableSize(String accountNumber, String snapshotId) throws DomainException;
}
