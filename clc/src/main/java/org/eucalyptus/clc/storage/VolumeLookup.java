package org.eucalyptus.clc.storage;

import org.eucalyptus.clc.errors.DomainException;

/**
 * What CreateSnapshot needs to know of a volume (the volumes' store answers it): the caller's
 * account's volume, its zone and size, in a state a snapshot may be taken in (available or in-use).
 */
public interface VolumeLookup {
  /** The volume as a snapshot source; NotFound (VOLUME) if the account has no such volume, Conflict if it is not ready. */
  VolumeFacts forSnapshot(String accountNumber, String volumeId) throws DomainException;

  /** A volume's zone (availability zone = cluster) and size in GiB. */
  record VolumeFacts(String volumeId, String zone, int sizeGiB) {}
}
