package org.eucalyptus.common.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * A short secret sealed for one component: encrypted with the public key of its certificate, so that
 * only the holder of the private key (made on that component's host and never sent anywhere) reads
 * it. The storage controller seals a volume attachment's CHAP password for the node that attaches
 * it, as Eucalyptus 3.1 did; the cloud controller and the cluster controller only carry it.
 *
 * <p>RSA-OAEP with SHA-256 (and MGF1 with SHA-256), base64 on the wire. OAEP is randomized, so the
 * same secret sealed twice gives two different texts.
 */
public final class SealedSecrets {
  private static final String TRANSFORMATION = "RSA/ECB/OAEPPadding";
  private static final OAEPParameterSpec OAEP =
      new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

  private SealedSecrets() {}

  /** {@code secret} sealed for the holder of {@code recipient}'s private key, base64. */
  public static String seal(String secret, PublicKey recipient) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance(TRANSFORMATION);
    c.init(Cipher.ENCRYPT_MODE, recipient, OAEP);
    return Base64.getEncoder().encodeToString(c.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The secret in {@code sealed}; a {@link GeneralSecurityException} if it is not base64 or was
   * sealed for another key or altered.
   */
  public static String open(String sealed, PrivateKey key) throws GeneralSecurityException {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(sealed.trim());
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("a sealed secret is base64: " + e.getMessage(), e);
    }
    Cipher c = Cipher.getInstance(TRANSFORMATION);
    c.init(Cipher.DECRYPT_MODE, key, OAEP);
    return new String(c.doFinal(bytes), StandardCharsets.UTF_8);
  }
}
