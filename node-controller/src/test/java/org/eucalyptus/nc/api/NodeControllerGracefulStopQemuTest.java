package org.eucalyptus.nc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.nc.TestGuest;
import org.eucalyptus.testfixtures.QemuTest;
import org.eucalyptus.testfixtures.TestTgtd;
import org.eucalyptus.wsdl.nc.NcAttachVolume;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean stop on real QEMU guests (ncTerminateInstance with graceful, as StopInstances without Force
 * sends it). Guest A has an EBS volume (a real tgtd's export with a CHAP account) holding an ext2
 * filesystem, and has written its marker into a file there without sync: the bytes are in its page
 * cache only, not in the volume's file. Stopped
 * cleanly, it gets the ACPI power button, syncs and powers off, and the marker is on the volume; it is
 * reported torn down only once its domain is gone. Guest B ignores the button: it is destroyed when
 * the grace period (NC_SHUTDOWN_GRACE_SECONDS) is over, and its wait held up neither A's stop nor the
 * node's answers.
 */
@QemuTest
class NodeControllerGracefulStopQemuTest {
  // This class's own tgtd control port and iSCSI portal (helper 1's range).
  static final int TGT_CONTROL = 7311;
  static final int TGT_PORTAL = 13511;
  static final String VOLUME = "vol-0000c501";
  static final String IQN = "iqn.2026-12.com.eucalyptus.test:" + VOLUME;
  static final TestTgtd.Chap CHAP = new TestTgtd.Chap("euca-c501", "chap-C501-password");
  static final int GRACE_SECONDS = 12;
  static Path guest;
  @TempDir Path tmp;
  TestTgtd tgtd;
  GuestNode node;

  @BeforeAll
  static void guest() {
    guest = TestGuest.require();
  }

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (tgtd != null) {
      tgtd.close();
    }
  }

  /** Whether the volume's file holds {@code text} anywhere (the guest's file on its filesystem). */
  static boolean holds(Path file, String text) throws Exception {
    return new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
  }

  long stopCleanly(String id) throws Exception {
    NcTerminateInstance t = new NcTerminateInstance();
    t.setInstanceId(id);
    t.setGraceful(true);
    long t0 = System.nanoTime();
    assertThat(node.client.ncTerminateInstance(t).getShutdownState()).as("answered while the guest goes")
        .isEqualTo("Extant");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the request does not wait for the guest")
        .isLessThan(Duration.ofSeconds(3));
    return t0;
  }

  @Test
  void aCleanStopLetsTheGuestWriteBackItsCacheAndOneIgnoringItIsDestroyedAfterTheGrace() throws Exception {
    // An ext2 filesystem, its unused boot block starting with the guest's cue.
    Path volume = tmp.resolve("vol.img");
    Process mkfs = new ProcessBuilder("mke2fs", "-q", "-t", "ext2", volume.toString(), "64M").redirectErrorStream(true)
        .start();
    assertThat(mkfs.waitFor()).as(new String(mkfs.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    try (RandomAccessFile f = new RandomAccessFile(volume.toFile(), "rw")) {
      f.write("EUCA-TEST-CACHED".getBytes(StandardCharsets.US_ASCII));
    }
    tgtd = TestTgtd.start(TGT_CONTROL, TGT_PORTAL, tmp.resolve("tgtd.log"));
    tgtd.export(1, IQN, volume, Optional.of(CHAP));
    node = GuestNode.start(tmp, guest, Map.of("NC_SHUTDOWN_GRACE_SECONDS", String.valueOf(GRACE_SECONDS)));
    String a = "i-0000C5A1";
    String b = "i-0000C5B2";
    node.boot(a, "disk.img");
    node.boot(b, "disk-noacpi.img");
    node.await(a + " watching the power button and its disks", a, Duration.ofMinutes(3),
        () -> node.console(a).contains("EUCA-ACPI: watching the power button: /dev/input/")
            && node.console(a).contains("EUCA-DISKS:"));
    node.await(b + " up, ignoring the power button", b, Duration.ofMinutes(3),
        () -> node.console(b).contains("EUCA-ACPI: ignoring the power button") && node.console(b).contains("EUCA-DISKS:"));

    NcAttachVolume attach = new NcAttachVolume();
    attach.setInstanceId(a);
    attach.setVolumeId(VOLUME);
    attach.setRemoteDev("iscsi://127.0.0.1:" + TGT_PORTAL + "/" + IQN + "/1");
    attach.setLocalDev("/dev/sdf");
    attach.setChapUser(CHAP.user());
    attach.setChapPassword(node.sealed(CHAP.password()));
    node.client.ncAttachVolume(attach);
    node.await(a + " to write its marker into its page cache", a, Duration.ofMinutes(1),
        () -> node.console(a).contains("marker cached by " + a));
    Thread.sleep(1000);
    assertThat(holds(volume, "EUCA-GUEST-CACHED")).as("the marker is only in the guest's cache").isFalse();

    long stopA = stopCleanly(a);
    long stopB = stopCleanly(b);
    // Never reported ended while its domain still runs.
    while (!node.describe(a).getStateName().equals("Teardown")) {
      assertThat(Duration.ofNanos(System.nanoTime() - stopA)).as(a + " stopped").isLessThan(Duration.ofSeconds(60));
      assertThat(node.describe(b).getStateName()).as(b + " still shutting down").isEqualTo("Extant");
      Thread.sleep(100);
    }
    assertThat(GuestNode.domainRuns(a)).as(a + "'s domain is gone when it is reported torn down").isFalse();
    assertThat(node.describe(a).getStateReason()).isEqualTo("stopped: the guest shut down");
    assertThat(holds(volume, "EUCA-GUEST-CACHED " + a)).as("the clean shutdown wrote the cache back to the volume")
        .isTrue();
    System.out.printf("clean stop of %s: %d ms%n", a, (System.nanoTime() - stopA) / 1_000_000);

    // B ignores the button: it runs on until the grace period is over, then its domain is destroyed.
    assertThat(GuestNode.domainRuns(b)).as(b + " still runs after " + a + " is done").isTrue();
    node.await(b + " destroyed after the grace period", b, Duration.ofSeconds(GRACE_SECONDS + 30),
        () -> {
          try {
            return node.describe(b).getStateName().equals("Teardown");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    long tookB = (System.nanoTime() - stopB) / 1_000_000;
    assertThat(tookB).as("not before the grace period").isGreaterThanOrEqualTo(GRACE_SECONDS * 1000L);
    assertThat(GuestNode.domainRuns(b)).isFalse();
    assertThat(node.describe(b).getStateReason()).contains("did not shut down within " + GRACE_SECONDS + " s");
    System.out.printf("%s destroyed after %d ms (grace %d s)%n", b, tookB, GRACE_SECONDS);
  }
}
