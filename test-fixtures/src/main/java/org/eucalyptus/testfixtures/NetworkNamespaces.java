package org.eucalyptus.testfixtures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces standing in for hosts in root tests: each one made here is removed at close,
 * newest first, with every process still running in it killed first (dnsmasq, a busybox httpd), so
 * a failed test leaves nothing behind on the machine. Names are the caller's: make them unique
 * ({@link #uniqueName}), since other tests and helpers share the host.
 */
public final class NetworkNamespaces implements AutoCloseable {
  private final List<String> made = new ArrayList<>();

  /** {@code prefix} and a few hex digits of the clock: short enough for interface names derived from it. */
  public static String uniqueName(String prefix) {
    return prefix + Long.toHexString(System.nanoTime() & 0xfffff);
  }

  /** The command prefix that runs a command inside {@code ns}. */
  public static List<String> exec(String ns) {
    return List.of("ip", "netns", "exec", ns);
  }

  /** Makes the namespace {@code name}; returns the name. */
  public String add(String name) {
    run(true, "ip", "netns", "add", name);
    made.add(name);
    return name;
  }

  /** Removes one namespace made here now (its processes killed first). */
  public void remove(String name) {
    if (made.remove(name)) {
      tearDown(name);
    }
  }

  @Override
  public void close() {
    for (int i = made.size() - 1; i >= 0; i--) {
      tearDown(made.get(i));
    }
    made.clear();
  }

  private static void tearDown(String ns) {
    for (String pid : run(false, "ip", "netns", "pids", ns).lines().map(String::strip).filter(p -> !p.isEmpty()).toList()) {
      run(false, "kill", "-9", pid);
    }
    run(false, "ip", "netns", "del", ns);
  }

  /** Runs a short command and returns its output; a failure throws if it {@code mustWork}, else gives "". */
  private static String run(boolean mustWork, String... argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", argv) + ": still running after 20 s");
      }
      if (p.exitValue() != 0 && mustWork) {
        throw new IllegalStateException(String.join(" ", argv) + " failed (" + p.exitValue() + "): " + out.strip());
      }
      return p.exitValue() == 0 ? out : "";
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", argv) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(String.join(" ", argv) + ": interrupted", e);
    }
  }
}
