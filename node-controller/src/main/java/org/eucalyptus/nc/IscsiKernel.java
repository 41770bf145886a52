package org.eucalyptus.nc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Whether this host's kernel can be an iSCSI initiator (NC_ISCSI_MODE=host): iscsi_tcp loaded, or there to load. */
public final class IscsiKernel {
  private IscsiKernel() {}

  public static boolean available() {
    if (Files.isDirectory(Path.of("/sys/module/iscsi_tcp"))) {
      return true; // loaded, or built in
    }
    Path modules = Path.of("/lib/modules", release());
    if (!Files.isDirectory(modules)) {
      return false;
    }
    try (Stream<Path> all = Files.walk(modules)) {
      return all.anyMatch(p -> p.getFileName().toString().startsWith("iscsi_tcp.ko"));
    } catch (IOException | java.io.UncheckedIOException e) {
      return false;
    }
  }

  /** The running kernel's release (uname -r). */
  public static String release() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
    } catch (IOException e) {
      return System.getProperty("os.version");
    }
  }
}
