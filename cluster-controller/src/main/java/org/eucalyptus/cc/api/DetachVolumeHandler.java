package org.eucalyptus.cc.api;

import org.eucalyptus.wsdl.cc.DetachVolume;
import org.eucalyptus.wsdl.cc.DetachVolumeResponse;
import org.eucalyptus.wsdl.nc.NcDetachVolume;

/** Relays a detach (force included) to the node that runs the instance. */
final class DetachVolumeHandler {
  private final InstanceNodes where;

  DetachVolumeHandler(InstanceNodes where) {
    this.where = where;
  }

  DetachVolumeResponse handle(DetachVolume req) throws CcException {
    NcDetachVolume nc = new NcDetachVolume();
    nc.setCorrelationId(req.getCorrelationId());
    nc.setUserId(req.getUserId());
    nc.setInstanceId(req.getInstanceId());
    nc.setVolumeId(req.getVolumeId());
    nc.setRemoteDev(req.getRemoteDev());
    nc.setLocalDev(req.getLocalDev());
    nc.setForce(req.isForce());
    NodeRelay.call(() -> where.of(req.getInstanceId()).client().ncDetachVolume(nc));
    DetachVolumeResponse resp = new DetachVolumeResponse();
    resp.setCorrelationId(req.getCorrelationId());
    resp.setReturn(true);
    return resp;
  }
}
