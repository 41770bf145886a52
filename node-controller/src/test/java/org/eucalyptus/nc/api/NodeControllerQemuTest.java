package org.eucalyptus.nc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.nc.TestGuest;
import org.eucalyptus.testfixtures.QemuTest;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcDescribeResource;
import org.eucalyptus.wsdl.nc.NcRebootInstance;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.eucalyptus.wsdl.types.InstanceType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real guests: the tiny Debian-kernel guest booted by QEMU (TCG) through libvirt's embedded driver,
 * driven only through the NC's SOAP API. It reaches Extant, prints its marker on the console, is
 * rebooted (the marker again) and terminated (no domain, QEMU or disk left); a node controller
 * restarted under a running guest adopts it; a guest that powers itself off is reported.
 */
@QemuTest
class NodeControllerQemuTest {
  static Path guest;
  @TempDir Path tmp;
  NodeController nc;
  EucalyptusNCPortType client;

  @BeforeAll
  static void guest() {
    guest = TestGuest.require();
  }

  void startNc() throws Exception {
    startNc(Map.of());
  }

  void startNc(Map<String, String> extra) throws Exception {
    nc = QemuNode.start(tmp, extra);
    client = QemuNode.client(nc);
  }

  @AfterEach
  void stop() {
    if (nc != null) {
      nc.close();
    }
    QemuNode.endGuests(tmp);
  }

  NcRunInstance run(String id, String disk) {
    NcRunInstance r = NodeControllerSoapTest.run(id, 1);
    r.getInstanceType().setMemory(128);
    r.getInstanceType().setDisk(1);
    r.setKernelURL(guest.resolve("vmlinuz").toUri().toString());
    r.setRamdiskURL(guest.resolve("initrd.gz").toUri().toString());
    r.setImageURL(guest.resolve(disk).toUri().toString());
    return r;
  }

  InstanceType describe(String id) {
    NcDescribeInstances d = new NcDescribeInstances();
    d.getInstanceIds().add(id);
    try {
      return client.ncDescribeInstances(d).getInstances().stream().findFirst().orElse(null);
    } catch (org.eucalyptus.wsdl.types.EucalyptusFault_Exception e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  String console(String id) {
    return QemuNode.console(client, id);
  }

  static void await(String what, Duration limit, Supplier<Boolean> done) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!done.get()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  static int count(String text, String marker) {
    int n = 0;
    for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
      n++;
    }
    return n;
  }

  static boolean qemuRunsFor(String id) {
    try {
      return new ProcessBuilder("pgrep", "-f", "qemu-system-x86_64.*guest=" + id).start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void bootsRebootsAndTerminatesARealGuest() throws Exception {
    startNc();
    String id = "i-0BEEF001";
    long t0 = System.nanoTime();
    assertThat(client.ncRunInstance(run(id, "disk.img")).getInstance().getStateName()).isEqualTo("Pending");
    await("Extant", Duration.ofSeconds(60), () -> "Extant".equals(describe(id).getStateName()));
    await("the guest's marker", Duration.ofMinutes(2), () -> console(id).contains("EUCA-MARKER: guest booted from disk"));
    System.out.printf("RunInstance -> marker: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    // The guest prints its last line a moment after the marker (slower still on a busy TCG host).
    await("the guest's last line", Duration.ofSeconds(30), () -> console(id).contains("EUCA-DONE"));
    assertThat(console(id)).contains("Linux version");
    Path work = tmp.resolve("instances/work/123456789012/" + id);
    assertThat(work.resolve("root.qcow2")).exists();
    // 1 GB of type disk: the root's 16 MiB, swap's 512 MiB, and an ephemeral disk of the rest, all sparse.
    assertThat(Files.size(work.resolve("ephemeral.img"))).isEqualTo((1024L - 16 - 512) << 20);
    assertThat(Files.size(work.resolve("swap.img"))).isEqualTo(512L << 20);
    assertThat(qemuRunsFor(id)).isTrue();
    assertThat(client.ncDescribeResource(new NcDescribeResource()).getNumberOfCoresAvailable()).isEqualTo(1);

    NcRebootInstance reboot = new NcRebootInstance();
    reboot.setInstanceId(id);
    assertThat(client.ncRebootInstance(reboot).isStatus()).isTrue();
    await("the marker a second time", Duration.ofMinutes(2),
        () -> count(console(id), "EUCA-MARKER: guest booted from disk") == 2);
    assertThat(describe(id).getStateName()).isEqualTo("Extant");

    NcTerminateInstance term = new NcTerminateInstance();
    term.setInstanceId(id);
    client.ncTerminateInstance(term);
    await("Teardown", Duration.ofSeconds(30), () -> "Teardown".equals(describe(id).getStateName()));
    await("QEMU gone", Duration.ofSeconds(30), () -> !qemuRunsFor(id));
    assertThat(work).doesNotExist();
    assertThat(client.ncDescribeResource(new NcDescribeResource()).getNumberOfCoresAvailable()).isEqualTo(2);
    // The image stays cached for the next launch.
    try (var cached = Files.list(tmp.resolve("instances/cache"))) {
      assertThat(cached.filter(p -> p.toString().endsWith(".img")).count()).isEqualTo(3);
    }
  }

  static String sh(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  /** In SYSTEM mode the guest's interface is a tap on VNET_BRIDGE with the cluster's MAC; it goes at terminate. */
  @Test
  void theGuestIsPluggedIntoItsBridgeAndUnpluggedAtTerminate() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "a bridge in this host's namespace needs root");
    String bridge = "eucatst" + Long.toHexString(System.nanoTime() & 0xfffff);
    sh("ip", "link", "add", bridge, "type", "bridge");
    try {
      sh("ip", "link", "set", bridge, "up");
      startNc(Map.of("VNET_MODE", "SYSTEM", "VNET_BRIDGE", bridge));
      String id = "i-0BEEF004";
      NcRunInstance r = run(id, "disk.img");
      r.getNetParams().setPrivateMacAddress("d0:0d:0b:ee:f0:04");
      client.ncRunInstance(r);
      await("Extant", Duration.ofSeconds(60), () -> "Extant".equals(describe(id).getStateName()));
      String ports = sh("ip", "-o", "link", "show", "master", bridge);
      assertThat(ports).contains("vnet");
      String tap = ports.replaceAll("(?s)^\\d+: ([^:@]+).*", "$1").strip();
      // libvirt gives the tap the guest's MAC with its first byte fe: the cluster's MAC reached the guest.
      assertThat(sh("ip", "-o", "link", "show", "dev", tap)).contains("master " + bridge)
          .contains("fe:0d:0b:ee:f0:04");
      NcTerminateInstance term = new NcTerminateInstance();
      term.setInstanceId(id);
      client.ncTerminateInstance(term);
      await("the tap gone", Duration.ofSeconds(30), () -> {
        try {
          return !sh("ip", "-o", "link", "show", "master", bridge).contains("vnet");
        } catch (Exception e) {
          return false;
        }
      });
    } finally {
      sh("ip", "link", "del", bridge);
    }
  }

  @Test
  void aRestartedNodeControllerAdoptsItsRunningGuest() throws Exception {
    startNc();
    String id = "i-0BEEF002";
    client.ncRunInstance(run(id, "disk.img"));
    await("the guest's marker", Duration.ofMinutes(2), () -> console(id).contains("EUCA-DONE"));
    nc.close();
    assertThat(qemuRunsFor(id)).as("the guest outlives its node controller").isTrue();

    startNc();
    InstanceType adopted = describe(id);
    assertThat(adopted).isNotNull();
    assertThat(adopted.getStateName()).isEqualTo("Extant");
    assertThat(console(id)).contains("EUCA-MARKER: guest booted from disk");
    assertThat(client.ncDescribeResource(new NcDescribeResource()).getNumberOfCoresAvailable()).isEqualTo(1);
    NcTerminateInstance term = new NcTerminateInstance();
    term.setInstanceId(id);
    client.ncTerminateInstance(term);
    await("QEMU gone", Duration.ofSeconds(30), () -> !qemuRunsFor(id));
  }

  @Test
  void aGuestThatPowersOffIsReportedAndFreed() throws Exception {
    startNc();
    String id = "i-0BEEF003";
    client.ncRunInstance(run(id, "disk-poweroff.img"));
    await("Teardown after the guest's power-off", Duration.ofMinutes(2),
        () -> "Teardown".equals(describe(id).getStateName()));
    assertThat(describe(id).getStateReason()).contains("powered off");
    assertThat(client.ncDescribeResource(new NcDescribeResource()).getNumberOfCoresAvailable()).isEqualTo(2);
    assertThat(qemuRunsFor(id)).isFalse();
  }
}
