package org.eucalyptus.clc.api.volumes;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.volumes.VolumeAttachment;
import org.eucalyptus.clc.volumes.VolumeService;

/**
 * DetachVolume: VolumeId, and optionally the InstanceId and Device it must be attached to; Force
 * takes it off the instance whatever the guest does. Answers detaching.
 */
public final class DetachVolumeAction implements QueryAction {
  private final VolumeService volumes;

  public DetachVolumeAction(VolumeService volumes) {
    this.volumes = volumes;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    String volumeId = VolumeParams.volumeId(req);
    String instanceId = VolumeParams.instanceId(req, false);
    String device = VolumeParams.device(req, false);
    boolean force = req.boolParam("Force");
    VolumeAttachment a = volumes.detach(req.caller().accountNumber(), false, volumeId, instanceId, device, force);
    var x = req.response();
    VolumeXml.attachment(x, a);
    return x.toString();
  }
}
