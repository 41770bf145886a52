package org.eucalyptus.nc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eucalyptus.common.pki.SealedSecrets;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.QemuTest;
import org.eucalyptus.testfixtures.TestTgtd;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.eucalyptus.wsdl.types.VirtualBootRecordType;
import org.junit.jupiter.api.Test;

/**
 * Boot from EBS on real QEMU: the root volume is the test guest's root filesystem exported by a real
 * tgtd (its own, on ports of its own) with a CHAP account bound to its target, as the storage
 * controller makes one. An instance launched with the volume's {@code ebs} boot record (at sda1, the
 * password sealed for the node, the image's kernel and ramdisk) boots with that volume as its root
 * disk {@code vda}, read through QEMU's iSCSI initiator: its console shows the root disk by the
 * volume's id, and it writes its id into the volume's filesystem. Terminated, its domain, CHAP secret
 * and iSCSI session are gone; a new instance on the same volume finds the first one's id kept.
 */
@QemuTest
class NodeControllerBootFromEbsQemuTest extends QemuVolumeTestBase {
  static final int TGT_CONTROL = 7320;
  static final int TGT_PORTAL = 13520;
  static final String CHAP_USER = "euca-eb01";
  static final String CHAP_PASSWORD = "chap-EB01-password";
  static final String VOLUME = "vol-0000eb01";
  static final String IQN = "iqn.2026-12.com.eucalyptus.test:" + VOLUME;
  final List<String> launched = new ArrayList<>();

  void startTgt(Path volume) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/sbin/debugfs"))) {
      HostParts.skip("debugfs is needed to read the volume's filesystem (apt-get install e2fsprogs)");
    }
    tgtd = QemuNode.exportWithChap(tmp, TGT_CONTROL, TGT_PORTAL, IQN, volume,
        new TestTgtd.Chap(CHAP_USER, CHAP_PASSWORD));
  }

  static String run(List<String> argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return p.exitValue() == 0 ? out : "failed: " + out;
  }

  /** Initiators logged in to the volume's target (tgt shows each as an I_T nexus). */
  boolean sessions() {
    try {
      return tgtd.show().contains("I_T nexus:");
    } catch (Exception e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  void startNc() throws Exception {
    startNc(Map.of());
  }

  @Override
  void beforeTheNodeStops() {
    for (String id : launched) { // a failed test leaves no guest behind
      try {
        terminate(id);
      } catch (Exception | AssertionError ignored) {
        // gone already
      }
    }
  }

  void await(String what, String id, Duration limit, Supplier<Boolean> done) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!done.get()) {
      if (System.nanoTime() > end) {
        String c;
        try {
          c = console(id);
          c = c.substring(Math.max(0, c.length() - 2000));
        } catch (RuntimeException | AssertionError e) {
          c = e.getMessage();
        }
        throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what + "; " + id
            + "'s console:\n" + c);
      }
      Thread.sleep(200);
    }
  }

  /** A launch as the cluster controller sends one for an EBS-backed image: no image, an ebs root at sda1. */
  void launch(String id) throws Exception {
    NcRunInstance r = NodeControllerSoapTest.run(id, 1);
    r.setImageId("emi-0000eb01");
    r.getInstanceType().setMemory(128);
    r.getInstanceType().setDisk(1);
    r.setKernelURL(guest.resolve("vmlinuz").toUri().toString());
    r.setRamdiskURL(guest.resolve("initrd.gz").toUri().toString());
    VirtualBootRecordType root = new VirtualBootRecordType();
    root.setType("ebs");
    root.setId(VOLUME);
    root.setResourceLocation("iscsi://127.0.0.1:" + TGT_PORTAL + "/" + IQN + "/1");
    root.setGuestDeviceName("sda1");
    root.setSize(-1);
    root.setFormat("none");
    root.setChapUser(CHAP_USER);
    root.setChapPassword(SealedSecrets.seal(CHAP_PASSWORD, keys.publicKey()));
    r.getInstanceType().getVirtualBootRecord().add(root);
    launched.add(id);
    client.ncRunInstance(r);
  }

  void terminate(String id) throws Exception {
    NcTerminateInstance t = new NcTerminateInstance();
    t.setInstanceId(id);
    client.ncTerminateInstance(t);
  }

  /** Whether the embedded secret driver keeps the root volume's CHAP secret for {@code id} (its files). */
  static boolean secret(String id) throws Exception {
    String uuid = java.util.UUID.nameUUIDFromBytes(("eucalyptus/" + id + "/" + VOLUME)
        .getBytes(StandardCharsets.UTF_8)).toString();
    try (var files = Files.walk(org.eucalyptus.nc.Libvirt.embedRoot())) {
      return files.anyMatch(f -> f.getFileName().toString().startsWith(uuid));
    }
  }

  /** The domain's XML, or null when libvirt has no such domain. */
  static String domainXml(String id) throws Exception {
    org.libvirt.Connect conn = new org.libvirt.Connect("qemu:///embed?root=" + org.eucalyptus.nc.Libvirt.embedRoot(),
        false);
    try {
      for (int n : conn.listDomains()) {
        org.libvirt.Domain d = conn.domainLookupByID(n);
        if (d.getName().equals(id)) {
          return d.getXMLDesc(0);
        }
      }
      return null;
    } finally {
      conn.close();
    }
  }

  /** The ids the guests wrote into the volume's filesystem, read on the host. */
  static String bootsOnVolume(Path volume) throws Exception {
    return run(List.of("debugfs", "-R", "cat /EBS-BOOTS", volume.toString()));
  }

  @Test
  void anInstanceBootsFromItsIscsiRootVolumeAndTheNextOneOnItFindsItsData() throws Exception {
    long t0 = System.nanoTime();
    // The volume: the test guest's root filesystem at its start, as a snapshot of such a volume restores it.
    Path volume = tmp.resolve("root-volume.img");
    Files.copy(guest.resolve("disk.img"), volume);
    try (RandomAccessFile f = new RandomAccessFile(volume.toFile(), "rw")) {
      f.setLength(64L << 20);
    }
    startTgt(volume);
    startNc();

    String a = "i-0000EB01";
    launch(a);
    await(a + " to boot from its root volume and write into it", a, Duration.ofMinutes(3),
        () -> console(a).contains("EUCA-ROOT-WROTE " + a));
    long booted = System.nanoTime();
    String first = console(a);
    assertThat(first).contains("EUCA-MARKER: guest booted from disk")
        .as("the root disk is the volume (its serial the volume's id)").contains("EUCA-ROOT vda serial=" + VOLUME)
        .as("nobody booted from it before").containsPattern("EUCA-ROOT-BOOTS: *\r?\n");
    String xml = domainXml(a);
    assertThat(xml).as("the root is an iSCSI network disk with its CHAP secret").isNotNull()
        .contains("protocol='iscsi' name='" + IQN + "/1'").contains("<auth username='" + CHAP_USER + "'>")
        .contains("<target dev='vda' bus='virtio'/>").contains("root=/dev/vda");
    assertThat(xml).as("no disk of its own: the image is the volume").doesNotContain("root.qcow2");
    assertThat(secret(a)).as("the CHAP password is a libvirt secret").isTrue();
    assertThat(sessions()).as("QEMU is logged in to the target").isTrue();
    assertThat(describe(a).getVolumes()).singleElement().satisfies(v -> {
      assertThat(v.getVolumeId()).isEqualTo(VOLUME);
      assertThat(v.getState()).isEqualTo("attached");
    });

    terminate(a);
    assertThat(domainXml(a)).as("the domain is gone").isNull();
    assertThat(secret(a)).as("the CHAP secret is retired with the domain").isFalse();
    await("the iSCSI session to end", a, Duration.ofSeconds(30), () -> !sessions());
    assertThat(bootsOnVolume(volume)).as("the guest's write is in the volume").contains(a);

    // A new instance on the same volume (a stopped instance started again, at the node's level).
    String b = "i-0000EB02";
    launch(b);
    await(b + " to boot from the same volume", b, Duration.ofMinutes(3),
        () -> console(b).contains("EUCA-ROOT-WROTE " + b));
    assertThat(console(b)).as("the first instance's data is kept").contains("EUCA-ROOT-BOOTS: " + a + " ");
    terminate(b);
    assertThat(domainXml(b)).isNull();
    assertThat(secret(b)).isFalse();
    await("the second iSCSI session to end", b, Duration.ofSeconds(30), () -> !sessions());
    assertThat(bootsOnVolume(volume)).contains(a).contains(b);
    System.out.printf("boot from EBS: first boot %d s, all %d s%n", (booted - t0) / 1_000_000_000L,
        (System.nanoTime() - t0) / 1_000_000_000L);
  }
}
