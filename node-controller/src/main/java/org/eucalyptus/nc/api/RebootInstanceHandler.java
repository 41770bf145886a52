package org.eucalyptus.nc.api;

import org.eucalyptus.nc.hypervisor.Hypervisor;
import org.eucalyptus.nc.hypervisor.HypervisorException;
import org.eucalyptus.nc.instances.InstanceTable;
import org.eucalyptus.nc.instances.NcInstance;
import org.eucalyptus.wsdl.nc.NcRebootInstance;
import org.eucalyptus.wsdl.nc.NcRebootInstanceResponse;

final class RebootInstanceHandler {
  private final InstanceTable table;
  private final Hypervisor hypervisor;

  RebootInstanceHandler(InstanceTable table, Hypervisor hypervisor) {
    this.table = table;
    this.hypervisor = hypervisor;
  }

  NcRebootInstanceResponse handle(NcRebootInstance req) throws NcException, HypervisorException {
    NcInstance inst = table.find(req.getInstanceId()).orElseThrow(() -> NcException.notFound(req.getInstanceId()));
    if (inst.state() != NcInstance.State.RUNNING) {
      throw new NcException("IncorrectState", "instance " + inst.id() + " is " + inst.phase().wireName()
          + "; only a running instance can be rebooted");
    }
    hypervisor.reboot(inst.id());
    NcRebootInstanceResponse resp = new NcRebootInstanceResponse();
    resp.setStatus(true);
    resp.setReturn(true);
    return resp;
  }
}
