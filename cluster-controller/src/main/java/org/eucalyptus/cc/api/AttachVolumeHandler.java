package org.eucalyptus.cc.api;

import org.eucalyptus.wsdl.cc.AttachVolume;
import org.eucalyptus.wsdl.cc.AttachVolumeResponse;
import org.eucalyptus.wsdl.nc.NcAttachVolume;

/** Relays an attachment to the node that runs the instance; answers once the node has attached it. */
final class AttachVolumeHandler {
  private final InstanceNodes where;

  AttachVolumeHandler(InstanceNodes where) {
    this.where = where;
  }

  AttachVolumeResponse handle(AttachVolume req) throws CcException {
    NcAttachVolume nc = new NcAttachVolume();
    nc.setCorrelationId(req.getCorrelationId());
    nc.setUserId(req.getUserId());
    nc.setInstanceId(req.getInstanceId());
    nc.setVolumeId(req.getVolumeId());
    nc.setRemoteDev(req.getRemoteDev());
    nc.setLocalDev(req.getLocalDev());
    nc.setChapUser(req.getChapUser());
    nc.setChapPassword(req.getChapPassword()); // sealed for that node's certificate: the CC cannot read it
    NodeRelay.call(() -> where.of(req.getInstanceId()).client().ncAttachVolume(nc));
    AttachVolumeResponse resp = new AttachVolumeResponse();
    resp.setCorrelationId(req.getCorrelationId());
    resp.setReturn(true);
    return resp;
  }
}
