package org.eucalyptus.nc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The tiny bootable guest (Debian's kernel, a busybox initramfs and ext2 root disks, built by
 * {@code tests/guest/build-test-guest} and cached between runs), and what booting it needs: QEMU,
 * qemu-img and libvirt's QEMU driver. Without them a test skips with the reason; in CI it fails.
 */
public final class TestGuest {
  private TestGuest() {}

  /** The directory holding vmlinuz, initrd.gz, disk.img and disk-poweroff.img. */
  public static Path require() {
    for (String tool : new String[] {"qemu-system-x86_64", "qemu-img", "mkswap", "mke2fs"}) {
      if (!onPath(tool)) {
        skip(tool + " is missing (apt-get install qemu-system-x86 qemu-utils libvirt-daemon-driver-qemu)");
      }
    }
    if (!Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so"))
        && !Files.exists(Path.of("/usr/lib64/libvirt/connection-driver/libvirt_driver_qemu.so"))) {
      skip("libvirt's QEMU driver is missing (apt-get install libvirt-daemon-driver-qemu)");
    }
    Path script = Path.of("..", "tests", "guest", "build-test-guest").toAbsolutePath().normalize();
    try {
      Process p = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        skip("the test guest could not be built: " + out.strip());
      }
      String[] lines = out.strip().split("\n");
      return Path.of(lines[lines.length - 1].strip());
    } catch (Exception e) {
      skip("the test guest could not be built: " + e.getMessage());
      return null;
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
  }

  private static void skip(String why) {
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(why);
    }
    Assumptions.abort(why);
  }
}
