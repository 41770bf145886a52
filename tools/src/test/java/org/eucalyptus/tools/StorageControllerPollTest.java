package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.Test;

/**
 * The cloud controller follows a storage controller with one long poll, not one for its volumes and
 * another for its snapshots: a real CLC and a real SC (its own tgtd), the SC registered behind a relay
 * that counts the describe requests (DescribeStorage...) awaiting their answers at once. A volume still
 * becomes available and a snapshot completed (both learnt from that poll), and never more than one
 * poll of the SC was open at a time.
 */
@RootTest
class StorageControllerPollTest extends EbsCloudTestBase {
  // This helper's tgtd control port and iSCSI portal (never another test's).
  private static final int CONTROL_PORT = 7343;
  private static final int ISCSI_PORT = 13543;

  @Override
  EbsCloud.Builder cloud(EbsCloud.Builder files) {
    return files.zone("zone1", CONTROL_PORT, ISCSI_PORT).withoutClusterControllers().registeredClustersOnly();
  }

  @Test
  void oneLongPollPerStorageControllerFollowsItsVolumesAndItsSnapshots() throws Exception {
    try (AnswerDroppingProxy polls = new AnswerDroppingProxy(sc.port(), "DescribeStorage")) {
      EucaConfTest.Run reg = EucaConfTest.confAs(eucarc, "--register-sc", "--partition", "zone1", "--host",
          "127.0.0.1", "--port", String.valueOf(polls.port()), "--component", "sc1");
      assertThat(reg.status()).as(reg.out()).isZero();

      String vol = ec2.createVolume(r -> r.availabilityZone("zone1").size(1)).volumeId();
      EndToEndTest.awaitTrue(vol + " available", Duration.ofSeconds(60),
          () -> volume(vol).stateAsString().equals("available"));
      String snap = ec2.createSnapshot(r -> r.volumeId(vol)).snapshotId();
      EndToEndTest.awaitTrue(snap + " completed", Duration.ofMinutes(2), () -> ec2.describeSnapshots(r ->
          r.snapshotIds(snap)).snapshots().get(0).stateAsString().equals("completed"));
      Thread.sleep(2000); // every poller of the SC long since started and holding its poll

      assertThat(polls.mostAwaitingAtOnce()).as("long polls of the SC open at one time").isEqualTo(1);
    }
  }
}
