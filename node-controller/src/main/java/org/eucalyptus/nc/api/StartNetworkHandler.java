package org.eucalyptus.nc.api;

import org.eucalyptus.nc.network.NodeNetwork;
import org.eucalyptus.wsdl.nc.NcStartNetwork;
import org.eucalyptus.wsdl.nc.NcStartNetworkResponse;

/** ncStartNetwork: the node's segment and bridge for a network, made ready; answers the bridge's name. */
final class StartNetworkHandler {
  private final NodeNetwork network;

  StartNetworkHandler(NodeNetwork network) {
    this.network = network;
  }

  NcStartNetworkResponse handle(NcStartNetwork req) throws NcException {
    String bridge;
    try {
      bridge = network.startNetwork(req.getVlan(), req.getRemoteHosts());
    } catch (NodeNetwork.NetworkException e) {
      throw new NcException("NetworkError", e.getMessage());
    }
    NcStartNetworkResponse resp = new NcStartNetworkResponse();
    resp.setNetworkStatus(bridge == null ? "" : bridge);
    resp.setReturn(true);
    return resp;
  }
}
