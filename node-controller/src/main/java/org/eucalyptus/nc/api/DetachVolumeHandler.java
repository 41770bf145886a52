package org.eucalyptus.nc.api;

import java.io.IOException;
import org.eucalyptus.nc.hypervisor.HypervisorException;
import org.eucalyptus.nc.instances.InstanceVolumes;
import org.eucalyptus.wsdl.nc.NcDetachVolume;
import org.eucalyptus.wsdl.nc.NcDetachVolumeResponse;

/**
 * Unplugs an EBS volume (force: whatever the guest does). A guest that has not let go when the
 * unforced detach stops waiting keeps the volume "detaching" in the instance's report.
 */
final class DetachVolumeHandler {
  private final InstanceVolumes volumes;

  DetachVolumeHandler(InstanceVolumes volumes) {
    this.volumes = volumes;
  }

  NcDetachVolumeResponse handle(NcDetachVolume req) throws NcException, InstanceVolumes.VolumeException, HypervisorException,
      IOException {
    if (req.getInstanceId() == null || req.getVolumeId() == null) {
      throw NcException.invalid("instanceId and volumeId are required");
    }
    volumes.detach(req.getInstanceId(), req.getVolumeId(), Boolean.TRUE.equals(req.isForce()));
    NcDetachVolumeResponse resp = new NcDetachVolumeResponse();
    resp.setCorrelationId(req.getCorrelationId());
    resp.setReturn(true);
    return resp;
  }
}
