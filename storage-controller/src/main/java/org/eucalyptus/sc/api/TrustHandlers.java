package org.eucalyptus.sc.api;

import java.io.IOException;
import java.security.GeneralSecurityException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.wsdl.sc.DescribeIdentity;
import org.eucalyptus.wsdl.sc.DescribeIdentityResponse;
import org.eucalyptus.wsdl.sc.InstallCredentials;
import org.eucalyptus.wsdl.sc.InstallCredentialsResponse;

/**
 * How the cloud controller enrols this storage controller, as it does the cluster controllers: the
 * SC shows its public key, the cloud certifies it and the certificate comes back. The private key
 * stays on this host. Once enrolled, the endpoint takes calls only signed by the cloud controller.
 */
final class TrustHandlers {
  private static final Logger LOG = LogManager.getLogger(TrustHandlers.class);
  private final ComponentKeys keys;

  TrustHandlers(ComponentKeys keys) {
    this.keys = keys;
  }

  DescribeIdentityResponse describe(DescribeIdentity req) throws IOException {
    ComponentKeys.Identity id = keys.identity();
    DescribeIdentityResponse resp = new DescribeIdentityResponse();
    resp.setPublicKey(id.publicKeyPem());
    resp.setCertificate(id.certificatePem());
    resp.setCloudCertificate(id.cloudCertificatePem());
    resp.setCorrelationId(req.getCorrelationId());
    resp.setReturn(true);
    return resp;
  }

  InstallCredentialsResponse install(InstallCredentials req) throws ScException, IOException {
    ComponentKeys.Trust t;
    try {
      t = keys.installPem(req.getCertificate(), req.getCloudCertificate());
    } catch (GeneralSecurityException e) {
      throw new ScException("InvalidCredentials", "the credentials were not installed: " + e.getMessage());
    }
    LOG.info("enrolled as {}, trusting {}", t.certificate().getSubjectX500Principal().getName(),
        t.cloudCa().getSubjectX500Principal().getName());
    InstallCredentialsResponse resp = new InstallCredentialsResponse();
    resp.setCorrelationId(req.getCorrelationId());
    resp.setReturn(true);
    return resp;
  }
}
