package org.eucalyptus.nc.api;

import java.io.IOException;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.wsdl.nc.NcDescribeIdentity;
import org.eucalyptus.wsdl.nc.NcDescribeIdentityResponse;

/**
 * ncDescribeIdentity: the node's public key (its key pair made on first asking), and what it was
 * enrolled with, for the cloud controller to certify it through the cluster controller.
 */
final class DescribeIdentityHandler {
  private final ComponentKeys keys;

  DescribeIdentityHandler(ComponentKeys keys) {
    this.keys = keys;
  }

  NcDescribeIdentityResponse handle(NcDescribeIdentity req) throws IOException {
    ComponentKeys.Identity id = keys.identity();
    NcDescribeIdentityResponse resp = new NcDescribeIdentityResponse();
    resp.setPublicKey(id.publicKeyPem());
    resp.setCertificate(id.certificatePem());
    resp.setCloudCertificate(id.cloudCertificatePem());
    resp.setReturn(true);
    return resp;
  }
}
