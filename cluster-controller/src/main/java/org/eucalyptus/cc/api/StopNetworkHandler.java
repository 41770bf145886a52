package org.eucalyptus.cc.api;

import org.eucalyptus.cc.network.ClusterNetworking;
import org.eucalyptus.wsdl.cc.StopNetwork;
import org.eucalyptus.wsdl.cc.StopNetworkResponse;

/** StopNetwork: a group's network goes (its rules stay with the account, for when it comes back). */
final class StopNetworkHandler {
  private final ClusterNetworking networking;

  StopNetworkHandler(ClusterNetworking networking) {
    this.networking = networking;
  }

  StopNetworkResponse handle(StopNetwork req) throws CcException {
    NetworkCalls.change(networking, n -> n.stopNetwork(req.getVlan()));
    StopNetworkResponse resp = new StopNetworkResponse();
    resp.setReturn(true);
    return resp;
  }
}
