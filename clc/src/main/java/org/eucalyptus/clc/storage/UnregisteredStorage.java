package org.eucalyptus.clc.storage;

import java.util.List;
import java.util.Optional;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.errors.UnavailableException;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;

/**
 * The storage seams of a cloud with no storage controller registered and no node certificates
 * known: every zone answers Unavailable. The CLC starts with these until the registered storage
 * controllers and enrolled nodes (clc-plumbing's implementations) are wired in their place.
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
