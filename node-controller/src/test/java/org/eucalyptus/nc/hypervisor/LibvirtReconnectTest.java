package org.eucalyptus.nc.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eucalyptus.nc.Libvirt;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real libvirtd (on a socket of its own, serving the test driver) restarted under the node
 * controller's connection: the next call reconnects instead of failing for good.
 */
@RootTest
class LibvirtReconnectTest {
  @TempDir Path dir;
  Process daemon;

  void startDaemon() throws Exception {
    Files.writeString(dir.resolve("libvirtd.conf"), "unix_sock_dir = \"" + dir + "\"\nauth_unix_rw = \"none\"\n"
        + "auth_unix_ro = \"none\"\nlog_outputs = \"3:file:" + dir.resolve("libvirtd.log") + "\"\n");
    daemon = new ProcessBuilder("libvirtd", "-f", dir.resolve("libvirtd.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("libvirtd.out").toFile()).start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!Files.exists(dir.resolve("libvirt-sock"))) {
      assertThat(daemon.isAlive()).as("libvirtd runs: " + Files.readString(dir.resolve("libvirtd.out"))).isTrue();
      assertThat(System.nanoTime()).isLessThan(end);
      Thread.sleep(100);
    }
  }

  void stopDaemon() throws Exception {
    daemon.destroy();
    daemon.waitFor(20, TimeUnit.SECONDS);
    Files.deleteIfExists(dir.resolve("libvirt-sock"));
  }

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.destroyForcibly();
    }
  }

  @Test
  void aCallAfterLibvirtdRestartsReconnects() throws Exception {
    Libvirt.requireOrSkip();
    boolean haveDaemon = Files.isExecutable(Path.of("/usr/sbin/libvirtd"));
    if (!haveDaemon || !"root".equals(System.getProperty("user.name"))) {
      String why = "libvirtd (apt-get install libvirt-daemon) and root are needed";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    startDaemon();
    try (LibvirtHypervisor h = new LibvirtHypervisor("test+unix:///default?socket=" + dir.resolve("libvirt-sock"))) {
      assertThat(h.listDomains()).contains("test");
      stopDaemon();
      startDaemon();
      assertThat(h.listDomains()).contains("test");
      assertThat(h.reconnects()).isEqualTo(1);
      assertThat(h.capacity().cores()).isPositive();
    }
  }
}
