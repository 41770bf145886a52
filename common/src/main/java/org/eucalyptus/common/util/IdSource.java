package org.eucalyptus.common.util;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;

/**
 * Draws resource identifiers in the form Eucalyptus 3.1 and EC2 clients know ({@code i-1A2B3C4D}):
 * 32 random bits, so two can clash; whoever stores one retries with another on a unique-key
 * violation. Tests pass a seeded {@link Random} to make a clash happen on purpose.
 */
public final class IdSource {
  private final Random random;

  public IdSource() {
    this(new SecureRandom());
  }

  public IdSource(Random random) {
    this.random = random;
  }

  public String next(String prefix) {
    byte[] b = new byte[4];
    synchronized (random) {
      random.nextBytes(b);
    }
    return prefix + "-" + HexFormat.of().withUpperCase().formatHex(b);
  }
}
