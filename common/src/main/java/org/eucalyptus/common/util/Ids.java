package org.eucalyptus.common.util;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Resource identifiers in the form Eucalyptus 3.1 and EC2 clients know: {@code i-1A2B3C4D}. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String newId(String prefix) {
    byte[] b = new byte[4];
    RANDOM.nextBytes(b);
    return prefix + "-" + HexFormat.of().withUpperCase().formatHex(b);
  }

  /** A random string of {@code length} characters from {@code alphabet}. */
  public static String random(String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
