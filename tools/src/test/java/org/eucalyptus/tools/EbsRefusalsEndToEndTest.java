package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * A real cloud controller and a real storage controller (its own tgtd), reached through the AWS SDK:
 * what the SC refuses reaches the EC2 client as EC2's error (a volume it has no room for is
 * InsufficientVolumeCapacity, not an InternalError), and an SC that is stopped is Unavailable (503) in the
 * cloud's words, with no Java or CXF text (but for a delete, which waits for it: the volume deleting).
 */
@RootTest
class EbsRefusalsEndToEndTest extends EbsCloudTestBase {
  // This helper's tgtd control port and iSCSI portal (never another test's).
  private static final int CONTROL_PORT = 7330;
  private static final int ISCSI_PORT = 13530;

  /** No cluster controller (the zone's cluster answers nothing); the SC registered with euca_conf. */
  @Override
  EbsCloud.Builder cloud(EbsCloud.Builder files) {
    return files.zone("zone1", CONTROL_PORT, ISCSI_PORT).withoutClusterControllers().registered()
        .withoutRetries().withStorageSetting("SC_VOLUMES_RESERVE_MB", String.valueOf(reserveLeavingMib(3072)));
  }

  /** A reserve that leaves the storage controller about {@code mib} of the test's filesystem for volumes. */
  private long reserveLeavingMib(long mib) {
    try {
      return Math.max(0, java.nio.file.Files.getFileStore(tmp).getUsableSpace() / (1 << 20) - mib);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theStorageControllersRefusalIsEc2sErrorAndAStoppedOneIsUnavailable() throws Exception {
    String vol = ec2.createVolume(r -> r.availabilityZone("zone1").size(1)).volumeId();
    EndToEndTest.awaitTrue(vol + " available", Duration.ofSeconds(60), () -> ec2.describeVolumes(
        r -> r.volumeIds(vol)).volumes().get(0).stateAsString().equals("available"));

    // The SC refuses a volume it has no room for (its reserve leaves about 3 GiB of the test's
    // filesystem for volumes): EC2's InsufficientVolumeCapacity, in the cloud's words, and nothing made.
    Ec2Exception full = catchThrowableOfType(Ec2Exception.class,
        () -> ec2.createVolume(r -> r.availabilityZone("zone1").size(8)));
    assertThat(full.statusCode()).isEqualTo(503);
    assertThat(full.awsErrorDetails().errorCode()).isEqualTo("InsufficientVolumeCapacity");
    assertThat(full.awsErrorDetails().errorMessage()).startsWith("Could not create volume vol-")
        .endsWith(": the storage controller of zone zone1 has no room for it.");
    assertThat(ec2.describeVolumes().volumes()).extracting(v -> v.volumeId()).containsExactly(vol);

    // The SC stopped: every EBS action that needs it is Unavailable, in the cloud's words.
    sc.close();
    sc = null;
    Ec2Exception create = catchThrowableOfType(Ec2Exception.class,
        () -> ec2.createVolume(r -> r.availabilityZone("zone1").size(1)));
    assertUnavailable(create, "Could not create volume vol-");
    Ec2Exception snapshot = catchThrowableOfType(Ec2Exception.class, () -> ec2.createSnapshot(r -> r.volumeId(vol)));
    assertUnavailable(snapshot, "Could not snapshot volume " + vol + ": ");
    assertThat(ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots()).isEmpty();
    assertThat(ec2.describeVolumes(r -> r.volumeIds(vol)).volumes().get(0).stateAsString()).isEqualTo("available");
    // A delete is taken though: the volume stays deleting until the SC is back (DeleteVolumeRetryEndToEndTest).
    ec2.deleteVolume(r -> r.volumeId(vol));
    assertThat(ec2.describeVolumes(r -> r.volumeIds(vol)).volumes().get(0).stateAsString()).isEqualTo("deleting");
  }

  private static void assertUnavailable(Ec2Exception e, String messageStart) {
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Unavailable");
    // Said before the CLC's next enrolment round notices it (then: it is not ready, and why).
    assertThat(e.awsErrorDetails().errorMessage()).satisfiesAnyOf(
        m -> assertThat(m).startsWith(messageStart).endsWith(": the storage controller of zone zone1 cannot be"
            + " reached or did not accept the cloud's call; try again later."),
        m -> assertThat(m).startsWith("The storage controller of zone zone1 is not ready: "))
        .doesNotContain("Exception").doesNotContain("Could not send Message");
  }
}
