package org.eucalyptus.cc.api;

import org.eucalyptus.cc.network.ClusterNetworking;
import org.eucalyptus.wsdl.cc.DescribePublicAddresses;
import org.eucalyptus.wsdl.cc.DescribePublicAddressesResponse;
import org.eucalyptus.wsdl.cc.PublicAddressType;

/** DescribePublicAddresses: the public addresses mapped now, and to what. */
final class DescribePublicAddressesHandler {
  private final ClusterNetworking networking;

  DescribePublicAddressesHandler(ClusterNetworking networking) {
    this.networking = networking;
  }

  DescribePublicAddressesResponse handle(DescribePublicAddresses req) {
    DescribePublicAddressesResponse resp = new DescribePublicAddressesResponse();
    networking.publicAddresses().forEach((pub, priv) -> {
      PublicAddressType a = new PublicAddressType();
      a.setSourceAddress(pub);
      a.setDestAddress(priv);
      resp.getAddresses().add(a);
    });
    resp.setReturn(true);
    return resp;
  }
}
