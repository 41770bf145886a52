package org.eucalyptus.common.soap.security;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import org.apache.wss4j.common.crypto.Crypto;
import org.apache.wss4j.common.crypto.Merlin;

/** WSS4J's view of our keys: in-memory key and trust stores, never files with passwords in them. */
final class Keystores {
  /** The alias and (in-memory only) entry password the signing key is stored under. */
  static final String ALIAS = "self";
  static final char[] PASSWORD = "in-memory".toCharArray();

  private Keystores() {}

  /** A crypto that signs with {@code key} and presents {@code certificate} (issued by {@code ca}). */
  static Crypto signing(PrivateKey key, X509Certificate certificate) {
    try {
      KeyStore ks = empty();
      // The certificate alone: it is all a BinarySecurityToken carries, and the receiver holds the CA.
      ks.setKeyEntry(ALIAS, key, PASSWORD, new Certificate[] {certificate});
      Merlin m = new Merlin();
      m.setKeyStore(ks);
      return m;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot hold the signing key in memory", e);
    }
  }

  /**
   * A crypto that trusts certificates issued by {@code ca} (and {@code ca} itself), nothing else,
   * remembering those it has validated (see {@link RememberingTrust}).
   */
  static RememberingTrust trusting(X509Certificate ca) {
    try {
      KeyStore ts = empty();
      ts.setCertificateEntry("cloud-ca", ca);
      RememberingTrust m = new RememberingTrust();
      m.setTrustStore(ts);
      return m;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot hold the trust anchor in memory", e);
    }
  }

  private static KeyStore empty() throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    return ks;
  }
}
