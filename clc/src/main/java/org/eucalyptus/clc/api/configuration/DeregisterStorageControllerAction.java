package org.eucalyptus.clc.api.configuration;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.storage.StorageController;
import org.eucalyptus.clc.storage.StorageControllerRegistry;

/**
 * The administrator removes a storage controller (euca_conf --deregister-sc), named by Name or by its
 * zone (Partition); refused while the zone has volumes.
 */
public final class DeregisterStorageControllerAction implements QueryAction {
  private final StorageControllerRegistry registry;

  public DeregisterStorageControllerAction(StorageControllerRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    if (!req.caller().admin()) {
      throw new ApiException("AuthFailure", "Only the cloud administrator deregisters storage controllers",
          HttpResponseStatus.FORBIDDEN);
    }
    String name = req.param("Name");
    String zone = req.param("Partition");
    if ((name == null || name.isEmpty()) && (zone == null || zone.isEmpty())) {
      throw new ApiException("MissingParameter", "Name the storage controller (Name) or its zone (Partition).");
    }
    if (name == null || name.isEmpty()) {
      name = registry.forZone(zone).map(StorageController::name).orElseThrow(() ->
          ApiException.invalid("Partition", zone, "Zone " + zone + " has no storage controller registered."));
    } else if (registry.find(name).isEmpty()) {
      throw ApiException.invalid("Name", name, "No storage controller " + name + " is registered.");
    }
    registry.deregister(name);
    return req.response().element("return", "true").toString();
  }
}
