package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.sc.StorageController;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * A volume made from a snapshot taken in another zone: a cloud controller with Walrus and two zones,
 * each a cluster controller and a storage controller of its own (own tgtd, own volumes directory;
 * no node, which a zone's volumes do not need). A volume of known bytes in zone A is snapshotted
 * into Walrus by A's SC; CreateVolume from that snapshot in zone B has B's SC fill its volume from
 * Walrus, and the two SCs' volume files are byte-identical. Each stage prints its time.
 */
@RootTest
class CrossZoneRestoreEndToEndTest extends EbsCloudTestBase {
  // This helper's tgtd control ports and iSCSI portals (COMMON.md, h-durability: 7340-7349, 13540-13549).
  private static final int[] CONTROL_PORTS = {7341, 7342};
  private static final int[] ISCSI_PORTS = {13541, 13542};
  private static final String[] ZONES = {"zone-a", "zone-b"};

  final ClusterController[] ccs = new ClusterController[2];
  final StorageController[] scs = new StorageController[2];
  long stageStart = System.nanoTime();

  /** Two zones, no node; the test registers the parts. */
  @Override
  EbsCloud.Builder cloud(EbsCloud.Builder files) {
    return files.zone(ZONES[0], CONTROL_PORTS[0], ISCSI_PORTS[0])
        .zone(ZONES[1], CONTROL_PORTS[1], ISCSI_PORTS[1]);
  }

  @BeforeEach
  void eachZonesParts() {
    for (int i = 0; i < 2; i++) {
      ccs[i] = ebs.cc(i);
      scs[i] = ebs.sc(i);
    }
  }

  private void stage(String what) {
    long now = System.nanoTime();
    System.out.printf("cross-zone restore: %-50s %6d ms%n", what, (now - stageStart) / 1_000_000);
    stageStart = now;
  }

  @Test
  void aSnapshotOfOneZoneMakesAVolumeInAnother() throws Exception {
    for (int i = 0; i < 2; i++) {
      admin("register-cluster", ZONES[i], "127.0.0.1", "--port", String.valueOf(ccs[i].port()));
      admin("register-sc", ZONES[i], "127.0.0.1", "--port", String.valueOf(scs[i].port()), "--name", "sc-" + ZONES[i]);
    }
    for (String zone : ZONES) {
      EndToEndTest.awaitTrue("the SC of " + zone + " enrolled", Duration.ofSeconds(30), () -> {
        try {
          cloud.clc().storageControllers().forZone(zone);
          return true;
        } catch (Exception e) {
          return false;
        }
      });
    }
    stage("CLC+Walrus, two zones each with a CC and an SC");

    String source = ec2.createVolume(r -> r.size(1).availabilityZone(ZONES[0])).volumeId();
    awaitVolume(source, "available");
    Path sourceFile = scFile(0, source).orElseThrow();
    // Known bytes: 8 MiB of random data at the start, a marker in the middle and at the very end; holes between.
    byte[] data = new byte[8 << 20];
    new Random(42).nextBytes(data);
    byte[] marker = "made in zone-a, restored in zone-b\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (RandomAccessFile f = new RandomAccessFile(sourceFile.toFile(), "rw")) {
      f.write(data);
      f.seek(1L << 29);
      f.write(marker);
      f.seek((1L << 30) - marker.length);
      f.write(marker);
      f.getFD().sync();
    }
    stage("CreateVolume 1 GiB in zone-a, known bytes written");

    String snap = ec2.createSnapshot(r -> r.volumeId(source).description("cross-zone")).snapshotId();
    EndToEndTest.awaitTrue(snap + " completed", Duration.ofMinutes(3), () -> {
      Snapshot s = ec2.describeSnapshots(r -> r.snapshotIds(snap)).snapshots().get(0);
      assertThat(s.stateAsString()).as(s.stateMessage()).isIn("pending", "completed");
      return s.stateAsString().equals("completed");
    });
    assertThat(inWalrus(snap)).as("the snapshot in Walrus").isPresent();
    stage("CreateSnapshot in zone-a -> completed");

    String restored = ec2.createVolume(r -> r.snapshotId(snap).availabilityZone(ZONES[1])).volumeId();
    awaitVolume(restored, "available");
    Volume v = volume(restored);
    assertThat(v.availabilityZone()).isEqualTo(ZONES[1]);
    assertThat(v.snapshotId()).isEqualTo(snap);
    assertThat(v.size()).isEqualTo(1);
    stage("CreateVolume(SnapshotId, zone-b) -> available");
    Path restoredFile = scFile(1, restored).orElseThrow();
    assertThat(scFile(0, restored)).as("zone-a's SC has no part in it").isEmpty();
    assertThat(Files.size(restoredFile)).isEqualTo(Files.size(sourceFile));
    assertThat(digest(restoredFile)).isEqualTo(digest(sourceFile));
    stage("zone-b's volume file byte-identical to zone-a's");

    // Each zone's volume goes at its own SC; the snapshot at the SC that took it, and from Walrus.
    ec2.deleteVolume(r -> r.volumeId(restored));
    ec2.deleteVolume(r -> r.volumeId(source));
    ec2.deleteSnapshot(r -> r.snapshotId(snap));
    EndToEndTest.awaitTrue("both volume files gone", Duration.ofSeconds(30),
        () -> scFile(0, source).isEmpty() && scFile(1, restored).isEmpty());
    EndToEndTest.awaitTrue("the snapshot gone from Walrus", Duration.ofSeconds(30), () -> inWalrus(snap).isEmpty());
    stage("DeleteVolume x2, DeleteSnapshot -> gone");
  }

  private void admin(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--eucarc";
    all[args.length + 1] = eucarc;
    String out = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run(all)).as(String.join(" ", args)).isZero());
    System.out.print(out);
  }

  private void awaitVolume(String id, String state) throws Exception {
    EndToEndTest.awaitTrue(id + " " + state, Duration.ofSeconds(60), () -> {
      Volume v = volume(id);
      assertThat(v.stateAsString()).as(id).isIn("creating", state);
      return v.stateAsString().equals(state);
    });
  }

  /** A file-backed SC keeps a volume as volumes/<id> under its SC_VOLUMES_DIR. */
  private Optional<Path> scFile(int zone, String volumeId) {
    Path p = tmp.resolve("sc" + zone).resolve("volumes").resolve(volumeId);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /** Walrus (in the cloud's process) keeps a snapshot as snapshots/<id> under CLC_DATA_DIR/bukkits. */
  private Optional<Path> inWalrus(String snapshotId) {
    Path p = cloud.clc().dataDir().resolve("bukkits/snapshots").resolve(snapshotId);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }
}
