package org.eucalyptus.nc.api;

import org.eucalyptus.nc.instances.InstanceLauncher;
import org.eucalyptus.nc.instances.InstanceTable;
import org.eucalyptus.nc.instances.NcInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstanceResponse;

/** Tears an instance down: Teardown at once (its resources free), then the domain and files. */
final class TerminateInstanceHandler {
  private final InstanceTable table;
  private final InstanceLauncher launcher;

  TerminateInstanceHandler(InstanceTable table, InstanceLauncher launcher) {
    this.table = table;
    this.launcher = launcher;
  }

  NcTerminateInstanceResponse handle(NcTerminateInstance req) throws NcException {
    NcInstance inst = table.find(req.getInstanceId()).orElseThrow(() -> NcException.notFound(req.getInstanceId()));
    String previous = inst.phase().wireName();
    if (table.advance(inst.id(), NcInstance.State.TERMINATED, "terminated")) {
      launcher.cleanUp(inst);
    }
    NcTerminateInstanceResponse resp = new NcTerminateInstanceResponse();
    resp.setInstanceId(inst.id());
    resp.setPreviousState(previous);
    resp.setShutdownState(NcInstance.Phase.TEARDOWN.wireName());
    resp.setReturn(true);
    resp.setCorrelationId(req.getCorrelationId());
    return resp;
  }
}
