package org.eucalyptus.sc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.sc.iscsi.TgtAdmin;
import org.eucalyptus.testfixtures.Await;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.walrus.Walrus;
import org.eucalyptus.walrus.images.CloudKeys;
import org.eucalyptus.wsdl.sc.AttachStorageVolume;
import org.eucalyptus.wsdl.sc.CreateStorageSnapshot;
import org.eucalyptus.wsdl.sc.CreateStorageVolume;
import org.eucalyptus.wsdl.sc.DescribeStorageSnapshots;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;
import org.eucalyptus.wsdl.sc.StorageSnapshotType;
import org.eucalyptus.wsdl.types.VolumeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a storage controller (a process of its own, with its own tgtd) while a snapshot of an
 * exported volume is streaming into a real Walrus: restarted on the same data, it has no
 * point-in-time copy left, tgt holds exactly the volume's export again, Walrus has no partial or
 * whole object of the snapshot, and the snapshot is {@code failed} with the reason (which the CLC
 * shows as EC2's {@code error}). A snapshot taken after the restart completes.
 *
 * <p>The SC reaches Walrus through a relay that holds the upload once 16 MiB of it have passed, so the
 * kill lands while the upload is in flight (its copy open, part of its body at Walrus), not by timing.
 */
@RootTest
class SnapshotKilledTest {
  // This test's own ports (COMMON.md, helper h-durability).
  static final int SC_PORT = 24101;
  static final int CONTROL_PORT = 7340;
  static final int ISCSI_PORT = 13540;
  static final long MIB = 1024 * 1024;
  static final String VOLUME = "vol-000000d1";
  static final String SNAPSHOT = "snap-000000d2";

  @TempDir Path tmp;
  ChildStorageControllers scs;
  Walrus walrus;
  HttpServer walrusServer;
  PausingRelay relay;

  @AfterEach
  void stop() throws Exception {
    if (scs != null) {
      scs.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (walrusServer != null) {
      walrusServer.close();
    }
    if (walrus != null) {
      walrus.close();
    }
  }

  @Test
  void aKillDuringTheUploadLeavesNothingAndTheSnapshotFailed() throws Exception {
    ScTestParts.require();
    CloudCa ca = CloudCa.loadOrCreate(tmp.resolve("ca"));
    AccessKeyOwner nobody = new AccessKeyOwner("AKIANOBODY0000000000", "x", "000000000001", "eucalyptus", "id",
        "admin", true);
    walrus = new Walrus(EucaConf.of(Map.of("WALRUS_STORAGE_DIR", tmp.resolve("walrus").toString())),
        id -> id.equals(nobody.accessKeyId()) ? Optional.of(nobody) : Optional.empty(),
        new Walrus.ImageTrust(new CloudKeys(ca.certificate(), ca.privateKey()), account -> List.of()));
    walrusServer = new HttpServer("walrus", new InetSocketAddress("127.0.0.1", 0), walrus.routes()).start();
    relay = new PausingRelay(new InetSocketAddress("127.0.0.1", walrusServer.port()), 16 * MIB);

    long t0 = System.nanoTime();
    Process first = startSc();
    ScTestParts.enrol(SC_PORT, ca);
    EucalyptusSCPortType client = ScTestParts.asCloud(SC_PORT, ca);
    CreateStorageVolume create = new CreateStorageVolume();
    create.setVolumeId(VOLUME);
    create.setSize(1);
    client.createStorageVolume(create);
    ScTestParts.awaitVolume(client, VOLUME, "available");
    // 64 MiB of known bytes in the 1 GiB volume, and an export (the copy holds writes at its target).
    Path volumeFile = tmp.resolve("sc/volumes/" + VOLUME);
    byte[] block = new byte[(int) MIB];
    java.util.Arrays.fill(block, (byte) 0x3c);
    try (RandomAccessFile f = new RandomAccessFile(volumeFile.toFile(), "rw")) {
      for (int i = 0; i < 64; i++) {
        f.write(block);
      }
    }
    AttachStorageVolume attach = new AttachStorageVolume();
    attach.setVolumeId(VOLUME);
    attach.setInstanceId("i-000000d3");
    attach.setNodeCertificate(ca.issueComponent(ComponentIdentity.NODE, "127.0.0.1").certificatePem());
    attach.setNodeAddress("127.0.0.1");
    VolumeType export = client.attachStorageVolume(attach).getVolume();
    System.out.printf("snapshot kill: SC started, volume exported in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

    CreateStorageSnapshot snap = new CreateStorageSnapshot();
    snap.setVolumeId(VOLUME);
    snap.setSnapshotId(SNAPSHOT);
    client.createStorageSnapshot(snap);
    assertThat(relay.awaitPaused(120)).as("the upload reached Walrus").isTrue();
    // In flight: the row pending, the copy open, part of the body in Walrus's temporary file.
    assertThat(snapshot(client).getStatus()).isEqualTo("pending");
    assertThat(filesUnder(tmp.resolve("sc/copies"))).as("the point-in-time copy").isEqualTo(1);
    Await.until("part of the upload in Walrus", Duration.ofSeconds(20),
        () -> filesUnder(tmp.resolve("walrus/tmp")) + filesUnder(tmp.resolve("walrus/data")) == 1);
    assertThat(filesUnder(tmp.resolve("walrus/snapshots"))).isZero();

    long k0 = System.nanoTime();
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL
    relay.release(); // the rest of what the dead SC sent, then its connection's end, reach Walrus
    startSc();
    System.out.printf("snapshot kill: killed at %d MiB of the upload, restarted in %d ms%n",
        relay.passed() / MIB, (System.nanoTime() - k0) / 1_000_000);

    StorageSnapshotType after = snapshot(client);
    assertThat(after.getStatus()).isEqualTo("failed");
    assertThat(after.getStatusReason()).contains("stopped");
    assertThat(filesUnder(tmp.resolve("sc/copies"))).as("point-in-time copies left").isZero();
    TgtAdmin tgt = new TgtAdmin(new CommandRunner(Duration.ofSeconds(20)), CONTROL_PORT);
    assertThat(tgt.targets()).singleElement().satisfies(t -> {
      assertThat(t.iqn()).endsWith(":" + VOLUME);
      assertThat(t.accounts()).containsExactly(export.getChapUser());
    });
    assertThat(tgtState()).as("the export takes logins again (a hold a kill left is released)")
        .contains("State: ready").doesNotContain("State: offline");
    Await.until("nothing of the upload left in Walrus", Duration.ofSeconds(30),
        () -> filesUnder(tmp.resolve("walrus/tmp")) + filesUnder(tmp.resolve("walrus/data"))
            + filesUnder(tmp.resolve("walrus/snapshots")) == 0);
    try (Stream<Path> files = Files.list(tmp.resolve("sc/volumes"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(VOLUME);
    }

    // The SC works on: a snapshot after the restart completes, whole in Walrus.
    long s0 = System.nanoTime();
    CreateStorageSnapshot again = new CreateStorageSnapshot();
    again.setVolumeId(VOLUME);
    again.setSnapshotId("snap-000000d4");
    client.createStorageSnapshot(again);
    Await.until("the second snapshot completed", Duration.ofMinutes(2), () -> {
      StorageSnapshotType s = snapshot(client, "snap-000000d4");
      assertThat(s.getStatus()).as(s.getStatusReason()).isIn("pending", "completed");
      return s.getStatus().equals("completed");
    });
    assertThat(Files.size(tmp.resolve("walrus/snapshots/snap-000000d4"))).isEqualTo(1L << 30);
    System.out.printf("snapshot kill: a 1 GiB snapshot after the restart completed in %d ms%n",
        (System.nanoTime() - s0) / 1_000_000);
  }

  private static StorageSnapshotType snapshot(EucalyptusSCPortType client) throws Exception {
    return snapshot(client, SNAPSHOT);
  }

  private static StorageSnapshotType snapshot(EucalyptusSCPortType client, String id) {
    try {
      DescribeStorageSnapshots d = new DescribeStorageSnapshots();
      d.getSnapshotIds().add(id);
      return client.describeStorageSnapshots(d).getSnapshots().get(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String tgtState() throws Exception {
    return new CommandRunner(Duration.ofSeconds(20)).run(List.of("tgtadm", "-C", String.valueOf(CONTROL_PORT),
        "--lld", "iscsi", "--mode", "target", "--op", "show"), null).stdout();
  }

  private static long filesUnder(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Process startSc() throws Exception {
    if (scs == null) {
      scs = new ChildStorageControllers(tmp, SC_PORT, CONTROL_PORT, ISCSI_PORT,
          "WALRUS_URL=http://127.0.0.1:" + relay.port() + "/services/Walrus");
    }
    return scs.start();
  }
}
