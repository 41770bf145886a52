package org.eucalyptus.clc.storage;

import java.util.List;
import java.util.Optional;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.errors.UnavailableException;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;

/**
 * For tests of the volume syncs' report handling: the storage seams of a cloud with no storage
 * controller registered and no node certificates known, where every zone answers Unavailable.
 */
public final class UnregisteredStorage implements StorageControllers, NodeCertificates {
  @Override
  public EucalyptusSCPortType forZone(String zone) throws UnavailableException {
    throw new UnavailableException(ResourceKind.STORAGE,
        "Availability zone " + zone + " has no storage controller registered.");
  }

  @Override
  public List<String> zones() {
    return List.of();
  }

  @Override
  public Optional<String> pem(String cluster, String serviceTag) {
    return Optional.empty();
  }
}
