package org.eucalyptus.nc.api;

import java.io.IOException;
import java.security.GeneralSecurityException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.wsdl.nc.NcInstallCredentials;
import org.eucalyptus.wsdl.nc.NcInstallCredentialsResponse;

/**
 * ncInstallCredentials: the certificate the cloud issued for this node's key, and the cloud CA's.
 * Once installed, the node takes only signed calls; a second install must itself be signed by the
 * cloud (its SOAP endpoint checks that before this handler runs).
 */
final class InstallCredentialsHandler {
  private static final Logger LOG = LogManager.getLogger(InstallCredentialsHandler.class);
  private final ComponentKeys keys;

  InstallCredentialsHandler(ComponentKeys keys) {
    this.keys = keys;
  }

  NcInstallCredentialsResponse handle(NcInstallCredentials req) throws NcException, IOException {
    ComponentKeys.Trust t;
    try {
      t = keys.installPem(req.getCertificate(), req.getCloudCertificate());
    } catch (GeneralSecurityException e) {
      throw new NcException("InvalidCredentials", "the credentials were not installed: " + e.getMessage());
    }
    LOG.info("enrolled as {}, trusting {}", t.certificate().getSubjectX500Principal().getName(),
        t.cloudCa().getSubjectX500Principal().getName());
    NcInstallCredentialsResponse resp = new NcInstallCredentialsResponse();
    resp.setReturn(true);
    return resp;
  }
}
