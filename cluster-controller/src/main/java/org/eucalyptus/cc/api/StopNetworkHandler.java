package org.eucalyptus.cc.api;

import org.eucalyptus.cc.network.ClusterNetwork;
import org.eucalyptus.wsdl.cc.StopNetwork;
import org.eucalyptus.wsdl.cc.StopNetworkResponse;

/** StopNetwork: a group's network goes (its rules stay with the account, for when it comes back). */
final class StopNetworkHandler {
  private final ClusterNetwork network;

  StopNetworkHandler(ClusterNetwork network) {
    this.network = network;
  }

  StopNetworkResponse handle(StopNetwork req) throws CcException {
    if (network != null) {
      NetworkCalls.change(network, n -> n.stopNetwork(req.getVlan()));
    }
    StopNetworkResponse resp = new StopNetworkResponse();
    resp.setReturn(true);
    return resp;
  }
}
