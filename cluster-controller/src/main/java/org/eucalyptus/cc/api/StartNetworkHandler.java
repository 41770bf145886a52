package org.eucalyptus.cc.api;

import org.eucalyptus.cc.network.ClusterNetwork;
import org.eucalyptus.wsdl.cc.StartNetwork;
import org.eucalyptus.wsdl.cc.StartNetworkResponse;

/** StartNetwork: a security group's network (its tag, account and name) comes up on the cluster. */
final class StartNetworkHandler {
  private final ClusterNetwork network;

  StartNetworkHandler(ClusterNetwork network) {
    this.network = network;
  }

  StartNetworkResponse handle(StartNetwork req) throws CcException {
    if (req.getNetName() == null || req.getNetName().isEmpty() || req.getAccountId() == null
        || req.getAccountId().isEmpty()) {
      throw new CcException("InvalidParameter", "StartNetwork needs netName and accountId");
    }
    if (network != null) { // SYSTEM and STATIC have one flat network: nothing to start
      NetworkCalls.change(network, n -> n.startNetwork(req.getVlan(), req.getAccountId(), req.getNetName()));
    }
    StartNetworkResponse resp = new StartNetworkResponse();
    resp.setReturn(true);
    return resp;
  }
}
