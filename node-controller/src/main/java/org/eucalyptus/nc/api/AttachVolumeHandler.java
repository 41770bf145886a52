package org.eucalyptus.nc.api;

import java.io.IOException;
import org.eucalyptus.nc.hypervisor.HypervisorException;
import org.eucalyptus.nc.instances.InstanceVolumes;
import org.eucalyptus.wsdl.nc.NcAttachVolume;
import org.eucalyptus.wsdl.nc.NcAttachVolumeResponse;

/** Plugs an EBS volume into a running instance; answers once the guest has it. */
final class AttachVolumeHandler {
  private final InstanceVolumes volumes;

  AttachVolumeHandler(InstanceVolumes volumes) {
    this.volumes = volumes;
  }

  NcAttachVolumeResponse handle(NcAttachVolume req) throws NcException, InstanceVolumes.VolumeException, HypervisorException,
      IOException {
    if (req.getInstanceId() == null || req.getVolumeId() == null) {
      throw NcException.invalid("instanceId and volumeId are required");
    }
    volumes.attach(req.getInstanceId(), req.getVolumeId(), req.getRemoteDev(), req.getLocalDev(), req.getChapUser(),
        req.getChapPassword());
    NcAttachVolumeResponse resp = new NcAttachVolumeResponse();
    resp.setCorrelationId(req.getCorrelationId());
    resp.setReturn(true);
    return resp;
  }
}
