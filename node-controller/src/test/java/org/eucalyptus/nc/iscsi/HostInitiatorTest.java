package org.eucalyptus.nc.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.nc.IscsiKernel;
import org.eucalyptus.nc.hypervisor.HypervisorException;
import org.eucalyptus.nc.hypervisor.IscsiTarget;
import org.eucalyptus.nc.hypervisor.NetworkDisk;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.testfixtures.TestTgtd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NC_ISCSI_MODE=host with the real open-iscsi iscsiadm and a real tgtd of the test's own: the node
 * record of a volume carries its CHAP login (the password in the record, never in what is logged)
 * and goes with the volume; a login that cannot succeed leaves no record behind; and, where the
 * kernel has an iSCSI initiator, discovery finds the target, the login's block device appears with
 * the volume's bytes, and the logout removes it. The node records are the host's (/etc/iscsi/nodes):
 * the test's targets have names of their own and are removed after each test.
 */
@RootTest
class HostInitiatorTest {
  static final int CONTROL_PORT = 7372;
  static final int ISCSI_PORT = 13572;
  static final String IQN = "iqn.2026-12.org.eucalyptus.test:hostmode-vol";
  static final String USER = "euca-hm01";
  static final String PASSWORD = "hm01-Chap-Secret";
  @TempDir Path tmp;
  TestTgtd tgtd;
  final Iscsiadm iscsiadm = new Iscsiadm(new CommandRunner(Duration.ofSeconds(60)));
  final IscsiTarget target = new IscsiTarget("127.0.0.1", ISCSI_PORT, IQN, 1);
  Path volume;

  @BeforeEach
  void start() throws Exception {
    HostParts.requireRootAnd("iscsiadm");
    tgtd = TestTgtd.start(CONTROL_PORT, ISCSI_PORT, tmp.resolve("tgtd.log"));
    volume = tmp.resolve("vol");
    try (RandomAccessFile f = new RandomAccessFile(volume.toFile(), "rw")) {
      f.setLength(8 << 20);
      f.write("EUCA-HOSTMODE-VOLUME".getBytes(StandardCharsets.US_ASCII));
    }
    tgtd.export(1, IQN, volume, Optional.of(new TestTgtd.Chap(USER, PASSWORD)));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      iscsiadm.logout(target);
      iscsiadm.deleteRecord(target);
    } finally {
      if (tgtd != null) {
        tgtd.close();
      }
    }
  }

  HostInitiator initiator() {
    return new HostInitiator(iscsiadm, Path.of("/dev/disk/by-path"), Duration.ofSeconds(20));
  }

  NetworkDisk disk(String password) {
    return new NetworkDisk("vol-hm000001", target, "vdf", USER, password, null);
  }

  @Test
  void theNodeRecordCarriesTheChapLoginAndGoesWithTheVolume() throws Exception {
    iscsiadm.writeRecord(target, USER, PASSWORD);
    String shown = iscsiadm.record(target);
    assertThat(shown).contains("node.session.auth.authmethod = CHAP", "node.session.auth.username = " + USER,
        "node.startup = manual").doesNotContain(PASSWORD);
    // the record itself (root's, as open-iscsi keeps it) holds the password the login needs
    Path recordDir = Path.of("/etc/iscsi/nodes", IQN);
    try (var files = Files.walk(recordDir)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> {
        try {
          return Files.readString(p);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList()).anySatisfy(r -> assertThat(r).contains("node.session.auth.password = " + PASSWORD));
    }
    initiator().disconnect(disk(PASSWORD)); // no session: logout is no error, the record goes
    assertThat(iscsiadm.record(target)).isEmpty();
    assertThat(recordDir).doesNotExist();
    initiator().disconnect(disk(PASSWORD)); // again: nothing left, no error
  }

  @Test
  void aLoginThatFailsLeavesNoRecordBehind() throws Exception {
    // Here: without a wrong password the login would work where the kernel can; with it, tgt refuses.
    // On a kernel without iscsi_tcp the discovery already fails. Either way: an error, and nothing left.
    assertThatThrownBy(() -> initiator().connect(disk("not-the-password")))
        .isInstanceOf(HypervisorException.class).hasMessageContaining("cannot attach vol-hm000001")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-password"));
    assertThat(iscsiadm.record(target)).isEmpty();
    assertThat(Path.of("/etc/iscsi/nodes", IQN)).doesNotExist();
  }

  @Test
  void discoveredLoggedInTheVolumeIsABlockDeviceUntilLoggedOut() throws Exception {
    // Not HostParts.skip: a CI machine runs the same kernel, and no package installs a kernel module.
    Assumptions.assumeTrue(IscsiKernel.available(), "the kernel " + IscsiKernel.release() + " has no iscsi_tcp"
        + " module (built without iSCSI and without loadable modules): the host's login cannot be shown on this"
        + " machine, nor under CI, which runs on the same kernel");
    CommandRunner.Result daemon = new CommandRunner(Duration.ofSeconds(10)).runAllowingFailure(
        java.util.List.of("iscsiadm", "-m", "session"), null);
    Assumptions.assumeTrue(daemon.exitStatus() != 20, "iscsid is not running (systemctl start iscsid)");
    assertThat(iscsiadm.discover(target.portal())).contains(IQN);
    HostInitiator initiator = initiator();
    NetworkDisk attached = initiator.connect(disk(PASSWORD));
    assertThat(attached.hostDevice()).isEqualTo(initiator.device(target)).exists();
    byte[] head = new byte[20];
    try (var in = Files.newInputStream(attached.hostDevice())) {
      assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(head.length);
    }
    assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("EUCA-HOSTMODE-VOLUME");
    assertThat(tgtd.show()).contains("Initiator:");
    assertThat(initiator.connect(disk(PASSWORD)).hostDevice()).isEqualTo(attached.hostDevice()); // once more: no change
    initiator.disconnect(attached);
    assertThat(attached.hostDevice()).doesNotExist();
    assertThat(iscsiadm.record(target)).isEmpty();
  }
}
