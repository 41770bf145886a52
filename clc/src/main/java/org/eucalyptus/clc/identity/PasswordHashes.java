package org.eucalyptus.clc.identity;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted slow hashes of passwords: PBKDF2 with HMAC-SHA256 (the JDK's), a random 16-byte salt per
 * hash, kept as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64). The text says how it was made,
 * so a hash made with fewer iterations still verifies after {@link #DEFAULT_ITERATIONS} is raised.
 */
public final class PasswordHashes {
  /** About 70 ms of one core here (2026): slow for a guesser, unnoticed at a login. */
  public static final int DEFAULT_ITERATIONS = 200_000;

  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private final int iterations;
  private final SecureRandom random = new SecureRandom();

  public PasswordHashes() {
    this(DEFAULT_ITERATIONS);
  }

  public PasswordHashes(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive: " + iterations);
    }
    this.iterations = iterations;
  }

  /** A new hash of {@code password} under a fresh salt. */
  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
        + b64.encodeToString(derive(password, salt, iterations));
  }

  /**
   * Whether {@code password} is the one {@code stored} was made from. The comparison takes the same
   * time wherever the bytes differ; a stored text in no known format verifies nothing.
   */
  public boolean verify(String password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    try {
      int n = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return n > 0 && expected.length > 0 && MessageDigest.isEqual(expected, derive(password, salt, n));
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  /** Whether {@code stored} was made with fewer iterations than hashes are made with now (hash again at the next login). */
  public boolean outdated(String stored) {
    String[] parts = stored.split("\\$", -1);
    try {
      return parts.length != 4 || !parts[0].equals(SCHEME) || Integer.parseInt(parts[1]) < iterations;
    } catch (NumberFormatException malformed) {
      return true;
    }
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    // The JDK's PBKDF2 gives HMAC the password's UTF-8 bytes.
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK has no PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }
}
