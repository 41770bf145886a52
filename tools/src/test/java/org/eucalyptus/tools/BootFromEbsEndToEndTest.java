package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.DeviceType;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * Boot from EBS with real parts: a cloud controller with Walrus, a storage controller with its own
 * tgtd, a cluster controller and a node controller (libvirt's test driver), enrolled as in a cloud.
 * A volume's snapshot (in Walrus) is registered as an EBS-backed image; RunInstances makes the root
 * volume from it in the instance's zone, exports it for the cluster controller, which seals the
 * CHAP password again for the node it places the instance on (the node opens it: its launch would
 * fail otherwise); the instance runs with rootDeviceType ebs, the volume in use and attached at
 * /dev/sda1; terminating it deletes the root volume (DeleteOnTermination, EC2's default).
 */
@RootTest
class BootFromEbsEndToEndTest extends EbsCloudTestBase {
  // This helper's tgtd control port and iSCSI portal (COMMON.md: the host's tgtd is not ours).
  private static final int CONTROL_PORT = 7230;
  private static final int ISCSI_PORT = 13430;

  @Override
  EbsCloud.Builder cloud(EbsCloud.Builder files) {
    return files.zone("zone1", CONTROL_PORT, ISCSI_PORT).withNode().registered();
  }

  @Test
  void anInstanceBootsFromAVolumeMadeFromTheImagesSnapshotAndTerminatingItDeletesTheVolume() throws Exception {
    String source = ec2.createVolume(r -> r.availabilityZone("zone1").size(1)).volumeId();
    EndToEndTest.awaitTrue("the source volume available", Duration.ofSeconds(60),
        () -> volume(source).stateAsString().equals("available"));
    String snap = ec2.createSnapshot(r -> r.volumeId(source).description("root")).snapshotId();
    EndToEndTest.awaitTrue("the snapshot completed", Duration.ofMinutes(2), () -> ec2.describeSnapshots(r ->
        r.snapshotIds(snap)).snapshots().get(0).stateAsString().equals("completed"));

    String emi = ec2.registerImage(r -> r.name("ebs-boot").rootDeviceName("/dev/sda1").blockDeviceMappings(
        BlockDeviceMapping.builder().deviceName("/dev/sda1").ebs(e -> e.snapshotId(snap)).build())).imageId();
    assertThat(ec2.describeImages(r -> r.imageIds(emi)).images().get(0).rootDeviceType()).isEqualTo(DeviceType.EBS);

    String id = ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(1).maxCount(1))
        .instances().get(0).instanceId();
    EndToEndTest.awaitTrue("the instance running", Duration.ofSeconds(60),
        () -> instance(id).state().name() == InstanceStateName.RUNNING);
    Instance running = instance(id);
    assertThat(running.rootDeviceType()).isEqualTo(DeviceType.EBS);
    assertThat(running.rootDeviceName()).isEqualTo("/dev/sda1");
    EndToEndTest.awaitTrue("the root volume attached", Duration.ofSeconds(30), () -> instance(id)
        .blockDeviceMappings().stream().anyMatch(m -> m.deviceName().equals("/dev/sda1")
            && m.ebs().statusAsString().equals("attached")));
    String root = instance(id).blockDeviceMappings().get(0).ebs().volumeId();
    Volume rootVolume = volume(root);
    assertThat(rootVolume.snapshotId()).isEqualTo(snap);
    assertThat(rootVolume.stateAsString()).isEqualTo("in-use");
    assertThat(rootVolume.attachments()).singleElement().satisfies(a -> {
      assertThat(a.instanceId()).isEqualTo(id);
      assertThat(a.device()).isEqualTo("/dev/sda1");
      assertThat(a.deleteOnTermination()).isTrue();
    });

    ec2.terminateInstances(r -> r.instanceIds(id));
    EndToEndTest.awaitTrue("the instance terminated", Duration.ofSeconds(60),
        () -> instance(id).state().name() == InstanceStateName.TERMINATED);
    EndToEndTest.awaitTrue("the root volume deleted", Duration.ofSeconds(60), () -> ec2.describeVolumes()
        .volumes().stream().noneMatch(v -> v.volumeId().equals(root)));
    assertThat(volume(source).stateAsString()).isEqualTo("available");
  }
}
