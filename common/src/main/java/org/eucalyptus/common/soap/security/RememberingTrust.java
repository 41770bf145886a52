package org.eucalyptus.common.soap.security;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.common.ext.WSSecurityException;

/**
 * A trust store that remembers which signers' certificates it has already found issued by its
 * anchor, so that each signed message does not validate the same certificate path again: a cluster
 * controller signs every call to its nodes with one certificate, and PKIX validation was a third
 * of what checking a node's request cost. A remembered certificate is still checked to be within
 * its validity each time, and the subject and issuer patterns are applied as on a first sight.
 * Only successes are remembered; the store is replaced whenever the anchor changes.
 */
final class RememberingTrust extends Merlin {
  /** More signers than a cloud has components: beyond this, all is forgotten and learned again. */
  static final int MOST_REMEMBERED = 4096;

  private final Map<X509Certificate, Boolean> trusted = new ConcurrentHashMap<>();
  private final AtomicLong pathValidations = new AtomicLong();

  @Override
  public void verifyTrust(X509Certificate[] certs, boolean enableRevocation, Collection<Pattern> subjectCertConstraints,
      Collection<Pattern> issuerCertConstraints) throws WSSecurityException {
    boolean single = certs != null && certs.length == 1 && !enableRevocation;
    if (single && trusted.containsKey(certs[0])) {
      try {
        certs[0].checkValidity();
      } catch (CertificateException e) {
        trusted.remove(certs[0]);
        throw new WSSecurityException(WSSecurityException.ErrorCode.FAILED_CHECK, e);
      }
      if (matchesSubjectDnPattern(certs[0], subjectCertConstraints)
          && matchesIssuerDnPattern(certs[0], issuerCertConstraints)) {
        return;
      }
    }
    pathValidations.incrementAndGet();
    super.verifyTrust(certs, enableRevocation, subjectCertConstraints, issuerCertConstraints);
    if (single) {
      if (trusted.size() >= MOST_REMEMBERED) {
        trusted.clear();
      }
      trusted.put(certs[0], Boolean.TRUE);
    }
  }

  /** How many times a certificate path was validated in full (for tests). */
  long pathValidations() {
    return pathValidations.get();
  }
}
