package org.eucalyptus.nc;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Skips a test with a reason when libvirt's library is missing; in CI (CI=true) fails instead. */
public final class Libvirt {
  private Libvirt() {}

  public static void requireOrSkip() {
    try {
      new org.libvirt.Connect("test:///default", false).close();
    } catch (Throwable e) {
      String why = "libvirt is not usable here (" + e + "); apt-get install libvirt0";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
  }
}
