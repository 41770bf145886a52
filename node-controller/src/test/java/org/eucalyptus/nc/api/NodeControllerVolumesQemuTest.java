package org.eucalyptus.nc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.eucalyptus.common.pki.SealedSecrets;
import org.eucalyptus.testfixtures.QemuTest;
import org.eucalyptus.testfixtures.TestTgtd;
import org.eucalyptus.wsdl.nc.NcAttachVolume;
import org.eucalyptus.wsdl.nc.NcDetachVolume;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * A volume exported by a real tgtd (its own, on ports of its own) attached to real QEMU guests
 * through QEMU's iSCSI initiator, all through the NC's SOAP API: the guest sees the disk appear and
 * reads the bytes the test wrote into the volume's file; its own marker lands in the file; detached,
 * the disk leaves the domain and the guest; attached to a second instance, it shows the first
 * guest's marker; a node controller restarted after the domain lost the disk attaches it again; a forced
 * detach of a guest that cannot answer (paused) returns at once. The export has a CHAP account bound
 * to its target, as the storage controller makes one per attachment: the password travels sealed for
 * the node's certificate and reaches QEMU through a libvirt secret of the embedded driver (the
 * calling thread given libvirt's system identity, {@code EmbeddedIdentity}); a wrong password is
 * refused by tgt and the attach fails cleanly.
 */
@QemuTest
class NodeControllerVolumesQemuTest extends QemuVolumeTestBase {
  static final int TGT_CONTROL = 7221;
  static final int TGT_PORTAL = 13421;
  static final String CHAP_USER = "euca-q001";
  static final String CHAP_PASSWORD = "chap-Q001-password";
  static final String IQN = "iqn.2026-12.com.eucalyptus.test:vol-0000q001";

  void startTgt(Path volume) throws Exception {
    tgtd = QemuNode.exportWithChap(tmp, TGT_CONTROL, TGT_PORTAL, IQN, volume,
        new TestTgtd.Chap(CHAP_USER, CHAP_PASSWORD));
  }

  void startNc() throws Exception {
    startNc(Map.of("NC_VOLUME_DETACH_WAIT_SEC", "30"));
  }

  void await(String what, Duration limit, Supplier<Boolean> done) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!done.get()) {
      if (System.nanoTime() > end) {
        StringBuilder consoles = new StringBuilder();
        for (String id : new String[] {"i-0000Q0A1", "i-0000Q0B2"}) {
          try {
            String c = console(id);
            consoles.append("\n--- ").append(id).append(":\n").append(c.substring(Math.max(0, c.length() - 1500)));
          } catch (RuntimeException | AssertionError e) {
            consoles.append("\n--- ").append(id).append(": ").append(e.getMessage());
          }
        }
        throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what + consoles);
      }
      Thread.sleep(200);
    }
  }

  void boot(String id) throws Exception {
    var r = NodeControllerSoapTest.run(id, 1);
    r.getInstanceType().setMemory(128);
    r.getInstanceType().setDisk(1);
    r.setKernelURL(guest.resolve("vmlinuz").toUri().toString());
    r.setRamdiskURL(guest.resolve("initrd.gz").toUri().toString());
    r.setImageURL(guest.resolve("disk.img").toUri().toString());
    client.ncRunInstance(r);
    await(id + " watching its disks", Duration.ofMinutes(3), () -> console(id).contains("EUCA-DISKS:"));
  }

  void attach(String id) throws Exception {
    attach(id, CHAP_PASSWORD);
  }

  void attach(String id, String password) throws Exception {
    NcAttachVolume a = new NcAttachVolume();
    a.setInstanceId(id);
    a.setVolumeId("vol-0000q001");
    a.setRemoteDev("iscsi://127.0.0.1:" + TGT_PORTAL + "/" + IQN + "/1");
    a.setLocalDev("/dev/sdf");
    a.setChapUser(CHAP_USER);
    a.setChapPassword(SealedSecrets.seal(password, keys.publicKey()));
    client.ncAttachVolume(a);
  }

  void detach(String id, boolean force) throws Exception {
    NcDetachVolume d = new NcDetachVolume();
    d.setInstanceId(id);
    d.setVolumeId("vol-0000q001");
    d.setForce(force);
    client.ncDetachVolume(d);
  }

  /** The test's own connection to the node's embedded libvirt (the same process may open it again). */
  static final class Own implements AutoCloseable {
    final org.libvirt.Connect conn;

    Own() throws org.libvirt.LibvirtException, java.io.IOException {
      conn = new org.libvirt.Connect("qemu:///embed?root=" + org.eucalyptus.nc.Libvirt.embedRoot(), false);
    }

    /**
     * Whether libvirt holds the CHAP secret of the test's volume on {@code id}: the embedded secret
     * driver keeps it under its root (it opens once per process, so the test cannot ask it).
     */
    boolean secret(String id) throws Exception {
      String uuid = java.util.UUID.nameUUIDFromBytes(("eucalyptus/" + id + "/vol-0000q001")
          .getBytes(StandardCharsets.UTF_8)).toString();
      try (var files = Files.walk(org.eucalyptus.nc.Libvirt.embedRoot())) {
        return files.anyMatch(f -> f.getFileName().toString().startsWith(uuid));
      }
    }

    org.libvirt.Domain domain(String id) throws org.libvirt.LibvirtException {
      return conn.domainLookupByName(id);
    }

    String xml(String id) {
      try {
        return domain(id).getXMLDesc(0);
      } catch (org.libvirt.LibvirtException e) {
        throw new AssertionError(e.getMessage(), e);
      }
    }

    @Override
    public void close() throws org.libvirt.LibvirtException {
      conn.close();
    }
  }

  static int count(String text, String marker) {
    int n = 0;
    for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
      n++;
    }
    return n;
  }

  static String at4096(Path file) throws Exception {
    byte[] b = new byte[64];
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      f.seek(4096);
      f.readFully(b);
    }
    return new String(b, StandardCharsets.US_ASCII);
  }

  @Test
  void theGuestSeesTheVolumeWritesToItAndTheDataMovesToAnotherInstance() throws Exception {
    long t0 = System.nanoTime();
    Path volume = tmp.resolve("vol.img");
    try (RandomAccessFile f = new RandomAccessFile(volume.toFile(), "rw")) {
      f.setLength(64L << 20);
      f.write("EUCA-TEST-VOLUME".getBytes(StandardCharsets.US_ASCII));
    }
    startTgt(volume);
    startNc();
    String a = "i-0000Q0A1";
    boot(a);

    // A wrong CHAP password: tgt refuses the login and the attach fails cleanly, nothing left behind.
    var refused = Assertions.assertThrows(org.eucalyptus.wsdl.types.EucalyptusFault_Exception.class,
        () -> attach(a, "not-the-password"));
    assertThat(refused.getMessage()).as("tgt refused the login").contains("Authentication failure");
    try (Own own = new Own()) {
      assertThat(own.xml(a)).doesNotContain("vdf");
      assertThat(own.secret(a)).as("the refused attachment's secret is removed").isFalse();
    }
    assertThat(console(a)).doesNotContain("EUCA-DISK vd");

    attach(a);
    assertThat(describe(a).getVolumes()).singleElement().satisfies(v -> assertThat(v.getState()).isEqualTo("attached"));
    try (Own own = new Own()) {
      assertThat(own.xml(a)).contains("<auth username='" + CHAP_USER + "'>");
      assertThat(own.secret(a)).as("the CHAP password is a libvirt secret").isTrue();
    }
    await("the guest to see the volume and its bytes", Duration.ofMinutes(1),
        () -> console(a).contains("head=EUCA-TEST-VOLUME"));
    await("the guest's marker in the volume's file", Duration.ofMinutes(1), () -> {
      try {
        return at4096(volume).startsWith("EUCA-GUEST-WROTE " + a);
      } catch (Exception e) {
        return false;
      }
    });
    String before = console(a);

    detach(a, false);
    assertThat(describe(a).getVolumes()).isEmpty();
    await("the disk gone from the guest", Duration.ofMinutes(1), () -> {
      String now = console(a).substring(before.length());
      return now.contains("EUCA-DISKS: vda vdb vdc \n") || now.contains("EUCA-DISKS: vda vdb vdc \r\n");
    });

    String b = "i-0000Q0B2";
    boot(b);
    attach(b);
    await("the second guest to read the first one's marker", Duration.ofMinutes(1),
        () -> console(b).contains("at4096=EUCA-GUEST-WROTE " + a));
    await("the second guest's own marker", Duration.ofMinutes(1), () -> {
      try {
        return at4096(volume).startsWith("EUCA-GUEST-WROTE " + b);
      } catch (Exception e) {
        return false;
      }
    });

    // The domain loses the disk while its node controller is down: the restarted one attaches it again.
    int seen = count(console(b), "head=EUCA-TEST-VOLUME");
    nc.close();
    try (Own own = new Own()) {
      own.domain(b).detachDeviceFlags("<disk type='network' device='disk'><source protocol='iscsi' name='" + IQN
          + "/1'><host name='127.0.0.1' port='" + TGT_PORTAL + "'/></source><target dev='vdf' bus='virtio'/></disk>", 1);
      await("the disk gone from the domain", Duration.ofMinutes(1), () -> !own.xml(b).contains("vdf"));
    }
    startNc();
    assertThat(describe(b).getVolumes()).singleElement().satisfies(v -> assertThat(v.getState()).isEqualTo("attached"));
    await("the guest to see the volume again", Duration.ofMinutes(1),
        () -> count(console(b), "head=EUCA-TEST-VOLUME") > seen);

    // A forced detach does not wait for the guest: here one that cannot answer (paused). Its unplug
    // request stays with QEMU, so the device goes once the guest runs again.
    try (Own own = new Own()) {
      own.domain(b).suspend();
      long f0 = System.nanoTime();
      detach(b, true);
      assertThat(Duration.ofNanos(System.nanoTime() - f0)).isLessThan(Duration.ofSeconds(25));
      assertThat(describe(b).getVolumes()).isEmpty();
      assertThat(own.secret(b)).as("the CHAP secret goes with the volume").isFalse();
      own.domain(b).resume();
      await("the device gone once the guest runs", Duration.ofMinutes(1), () -> !own.xml(b).contains("vdf"));
    }
    System.out.printf("two guests, attach, detach, re-attach: %d s%n", (System.nanoTime() - t0) / 1_000_000_000L);
    for (String id : new String[] {a, b}) {
      NcTerminateInstance t = new NcTerminateInstance();
      t.setInstanceId(id);
      client.ncTerminateInstance(t);
    }
  }
}
