package org.eucalyptus.nc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Skips a test with a reason when libvirt's library is missing; in CI (CI=true) fails instead. */
public final class Libvirt {
  private static Path embedRoot;

  private Libvirt() {}

  /**
   * The root of {@code qemu:///embed} for this test JVM. libvirt opens one embedded root per process
   * (a second is refused: "already open with path ..."), so every test class that boots guests
   * through the embedded driver shares this one; each names its guests uniquely. Every open of it
   * registers libvirt's QEMU driver again, and a process refuses after about 16 ("Too many
   * drivers"): node-controller's pom gives each test class its own JVM for that reason.
   */
  public static synchronized Path embedRoot() throws IOException {
    if (embedRoot == null) {
      embedRoot = Files.createTempDirectory("euca-nc-embed-");
    }
    return embedRoot;
  }

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
