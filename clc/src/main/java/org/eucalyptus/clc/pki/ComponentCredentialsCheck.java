package org.eucalyptus.clc.pki;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import org.eucalyptus.common.pki.Pem;

/**
 * What a component's answer to DescribeIdentity says of its enrolment with this cloud: enrolled
 * (it holds a certificate of ours for its current key), not enrolled yet, or why it cannot be
 * enrolled from here (it trusts another cloud's CA). One rule for cluster, node and storage controllers.
 */
public final class ComponentCredentialsCheck {
  /** It holds no certificate (or one of ours for an old key: it made a new one): enrol it. */
  public static final String UNENROLLED = "not enrolled yet";

  private final CloudCa ca;

  public ComponentCredentialsCheck(CloudCa ca) {
    this.ca = ca;
  }

  /** Null if enrolled; {@link #UNENROLLED}; otherwise the reason it cannot be enrolled. */
  public String problem(String publicKeyPem, String certPem, String cloudCertPem) {
    if (certPem == null || cloudCertPem == null) {
      return UNENROLLED;
    }
    try {
      X509Certificate theirCa = Pem.certificate(cloudCertPem);
      if (!theirCa.equals(ca.certificate())) {
        return "it trusts another cloud's CA (" + theirCa.getSubjectX500Principal().getName()
            + "); empty its keys directory to enrol it here";
      }
      X509Certificate cert = Pem.certificate(certPem);
      return cert.getPublicKey().equals(Pem.publicKey(publicKeyPem)) ? null : UNENROLLED;
    } catch (GeneralSecurityException e) {
      return "its credentials cannot be read: " + e.getMessage();
    }
  }
}
