package org.eucalyptus.cc.api;

import org.eucalyptus.cc.network.ClusterNetworking;
import org.eucalyptus.wsdl.cc.UnassignAddress;
import org.eucalyptus.wsdl.cc.UnassignAddressResponse;

/** UnassignAddress: the public address and its NAT go. */
final class UnassignAddressHandler {
  private final ClusterNetworking networking;

  UnassignAddressHandler(ClusterNetworking networking) {
    this.networking = networking;
  }

  UnassignAddressResponse handle(UnassignAddress req) throws CcException {
    if (req.getSource() == null || req.getSource().isBlank()) {
      throw new CcException("InvalidParameter", "UnassignAddress needs source (the public address)");
    }
    NetworkCalls.change(networking, n -> n.unassignAddress(req.getSource()));
    UnassignAddressResponse resp = new UnassignAddressResponse();
    resp.setReturn(true);
    return resp;
  }
}
