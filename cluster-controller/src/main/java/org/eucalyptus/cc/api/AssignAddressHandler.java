package org.eucalyptus.cc.api;

import org.eucalyptus.cc.network.ClusterNetworking;
import org.eucalyptus.wsdl.cc.AssignAddress;
import org.eucalyptus.wsdl.cc.AssignAddressResponse;

/** AssignAddress: a public address (source) maps 1:1 onto an instance's private one (dest). */
final class AssignAddressHandler {
  private final ClusterNetworking networking;

  AssignAddressHandler(ClusterNetworking networking) {
    this.networking = networking;
  }

  AssignAddressResponse handle(AssignAddress req) throws CcException {
    if (req.getSource() == null || req.getSource().isBlank() || req.getDest() == null || req.getDest().isBlank()) {
      throw new CcException("InvalidParameter", "AssignAddress needs source (the public address) and dest (the"
          + " instance's private one)");
    }
    NetworkCalls.change(networking, n -> n.assignAddress(req.getSource(), req.getDest()));
    AssignAddressResponse resp = new AssignAddressResponse();
    resp.setReturn(true);
    return resp;
  }
}
