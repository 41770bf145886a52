package org.eucalyptus.cc.api;

import org.eucalyptus.cc.network.ClusterNetwork;
import org.eucalyptus.wsdl.cc.UnassignAddress;
import org.eucalyptus.wsdl.cc.UnassignAddressResponse;

/** UnassignAddress: the public address and its NAT go. */
final class UnassignAddressHandler {
  private final ClusterNetwork network;

  UnassignAddressHandler(ClusterNetwork network) {
    this.network = network;
  }

  UnassignAddressResponse handle(UnassignAddress req) throws CcException {
    if (req.getSource() == null || req.getSource().isBlank()) {
      throw new CcException("InvalidParameter", "UnassignAddress needs source (the public address)");
    }
    ClusterNetwork n = NetworkCalls.managed(network, "UnassignAddress");
    NetworkCalls.change(n, c -> c.unassignAddress(req.getSource()));
    UnassignAddressResponse resp = new UnassignAddressResponse();
    resp.setReturn(true);
    return resp;
  }
}
