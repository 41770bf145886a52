package org.eucalyptus.common.util;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;

/**
 * Draws resource identifiers in AWS's form, lower-case hex ({@code i-6a7295ae}), as AWS's clients
 * and later Eucalyptus releases emit them (3.1 wrote upper case; input in any case is accepted):
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
    return prefix + "-" + HexFormat.of().formatHex(b);
  }
}
