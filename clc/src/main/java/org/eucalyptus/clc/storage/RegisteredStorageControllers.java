package org.eucalyptus.clc.storage;

import java.util.List;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.errors.UnavailableException;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;

/**
 * The zones' storage controllers as the EBS actions reach them: the one registered for the zone,
 * once enrolled (before that it would refuse the cloud's signed calls, or trusts another cloud).
 */
public final class RegisteredStorageControllers implements StorageControllers {
  private final StorageControllerRegistry registry;
  private final StorageEnrollment enrollment;
  private final StorageControllerClients clients;

  public RegisteredStorageControllers(StorageControllerRegistry registry, StorageEnrollment enrollment,
      StorageControllerClients clients) {
    this.registry = registry;
    this.enrollment = enrollment;
    this.clients = clients;
  }

  @Override
  public EucalyptusSCPortType forZone(String zone) throws UnavailableException {
    StorageController sc = registry.forZone(zone).orElseThrow(() -> new UnavailableException(ResourceKind.STORAGE,
        "Zone " + zone + " has no storage controller registered."));
    String problem = enrollment.problem(sc).orElse(null);
    if (problem != null) {
      throw new UnavailableException(ResourceKind.STORAGE,
          "The storage controller of zone " + zone + " is not ready: " + problem + ".");
    }
    return clients.forController(sc);
  }

  @Override
  public List<String> zones() {
    return registry.list().stream().map(StorageController::zone).toList();
  }
}
