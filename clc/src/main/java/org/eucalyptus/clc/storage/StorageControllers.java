package org.eucalyptus.clc.storage;

import java.util.List;
import org.eucalyptus.clc.errors.UnavailableException;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;

/**
 * The storage controllers of the cloud's zones, as the EBS actions reach them: one per availability
 * zone (cluster), registered by the administrator, called only through the SC's SOAP contract and
 * signed with the cloud CA's key, as the CLC signs to the cluster controllers.
 */
public interface StorageControllers {
  /**
   * The signed client of the storage controller serving {@code zone}; {@link UnavailableException}
   * (resource STORAGE) if the zone has none registered, or it is not enrolled yet.
   */
  EucalyptusSCPortType forZone(String zone) throws UnavailableException;

  /** The zones that have a storage controller registered, by name. */
  List<String> zones();
}
