package org.eucalyptus.cc.api;

import org.eucalyptus.cc.network.ClusterNetworking;
import org.eucalyptus.wsdl.cc.StartNetwork;
import org.eucalyptus.wsdl.cc.StartNetworkResponse;

/** StartNetwork: a security group's network (its tag, account and name) comes up on the cluster. */
final class StartNetworkHandler {
  private final ClusterNetworking networking;

  StartNetworkHandler(ClusterNetworking networking) {
    this.networking = networking;
  }

  StartNetworkResponse handle(StartNetwork req) throws CcException {
    if (req.getNetName() == null || req.getNetName().isEmpty() || req.getAccountId() == null
        || req.getAccountId().isEmpty()) {
      throw new CcException("InvalidParameter", "StartNetwork needs netName and accountId");
    }
    NetworkCalls.change(networking, n -> n.startNetwork(req.getVlan(), req.getAccountId(), req.getNetName()));
    StartNetworkResponse resp = new StartNetworkResponse();
    resp.setReturn(true);
    return resp;
  }
}
