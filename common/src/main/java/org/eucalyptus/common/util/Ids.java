package org.eucalyptus.common.util;

import java.security.SecureRandom;

/** Random strings for keys and secrets; resource ids ({@code i-6a7295ae}) come from {@link IdSource}. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** A random string of {@code length} characters from {@code alphabet}. */
  public static String random(String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
