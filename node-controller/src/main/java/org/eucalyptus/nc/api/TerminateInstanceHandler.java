package org.eucalyptus.nc.api;

import org.eucalyptus.nc.instances.GracefulStops;
import org.eucalyptus.nc.instances.InstanceLauncher;
import org.eucalyptus.nc.instances.InstanceTable;
import org.eucalyptus.nc.instances.NcInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstanceResponse;

/**
 * Tears an instance down: Teardown at once (its resources free), then the domain and files. A
 * graceful request (a clean stop) of a running instance asks its guest to shut down instead and
 * answers at once with the instance still Extant; {@link GracefulStops} tears it down once its domain
 * is gone.
 */
final class TerminateInstanceHandler {
  private final InstanceTable table;
  private final InstanceLauncher launcher;
  private final GracefulStops gracefulStops;

  TerminateInstanceHandler(InstanceTable table, InstanceLauncher launcher, GracefulStops gracefulStops) {
    this.table = table;
    this.launcher = launcher;
    this.gracefulStops = gracefulStops;
  }

  NcTerminateInstanceResponse handle(NcTerminateInstance req) throws NcException {
    NcInstance inst = table.find(req.getInstanceId()).orElseThrow(() -> NcException.notFound(req.getInstanceId()));
    String previous = inst.phase().wireName();
    boolean graceful = Boolean.TRUE.equals(req.isGraceful()) && !Boolean.TRUE.equals(req.isForce());
    if (!(graceful && gracefulStops.begin(inst))
        && table.advance(inst.id(), NcInstance.State.TERMINATED, "terminated")) {
      launcher.cleanUp(inst);
    }
    NcTerminateInstanceResponse resp = new NcTerminateInstanceResponse();
    resp.setInstanceId(inst.id());
    resp.setPreviousState(previous);
    resp.setShutdownState(table.find(inst.id()).orElse(inst).phase().wireName());
    resp.setReturn(true);
    resp.setCorrelationId(req.getCorrelationId());
    return resp;
  }
}
