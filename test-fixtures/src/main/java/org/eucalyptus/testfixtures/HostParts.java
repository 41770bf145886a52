package org.eucalyptus.testfixtures;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs of the machine: without it the test is skipped with the reason on a
 * developer's machine, and fails under CI=true, where every part must be there. The one place that
 * decides between skipping and failing ({@link #skip}).
 */
public final class HostParts {
  private HostParts() {}

  /** Root, and each command on PATH. */
  public static void requireRootAnd(String... commands) {
    List<String> missing = new ArrayList<>();
    for (String c : commands) {
      if (!installed(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      skip("missing " + String.join(", ", missing) + " (apt-get install iptables dnsmasq-base busybox-static"
          + " iproute2)");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      skip("root is needed (network namespaces, iptables)");
    }
  }

  /** The kernel's br_netfilter (bridged frames through iptables: the nodes' group filters). */
  public static void requireBridgeFilter() {
    if (!Files.exists(Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables"))) {
      skip("the kernel's br_netfilter module is not loaded (modprobe br_netfilter)");
    }
  }

  /** On PATH, where the components look for it too. */
  public static boolean installed(String command) {
    return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(d -> !d.isEmpty()).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
  }

  /** Skips the calling test with the reason; under CI=true fails it instead. */
  public static void skip(String why) {
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(why);
    }
    Assumptions.abort(why);
  }
}
