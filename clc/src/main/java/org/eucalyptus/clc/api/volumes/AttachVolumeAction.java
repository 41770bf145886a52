package org.eucalyptus.clc.api.volumes;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.volumes.VolumeAttachment;
import org.eucalyptus.clc.volumes.VolumeService;

/** AttachVolume: VolumeId to the running InstanceId of its zone, as Device; answers attaching. */
public final class AttachVolumeAction implements QueryAction {
  private final VolumeService volumes;

  public AttachVolumeAction(VolumeService volumes) {
    this.volumes = volumes;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    String volumeId = VolumeParams.volumeId(req);
    String instanceId = VolumeParams.instanceId(req, true);
    String device = VolumeParams.attachDevice(req);
    VolumeAttachment a = volumes.attach(req.caller().accountNumber(), false, volumeId, instanceId, device);
    var x = req.response();
    VolumeXml.attachment(x, a);
    return x.toString();
  }
}
