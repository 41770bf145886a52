package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.DeviceType;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * RunInstances' block device mappings and tags given at creation, with real parts: a cloud
 * controller with Walrus, a storage controller with its own tgtd, a cluster controller and a node
 * controller (libvirt's test driver), enrolled as in a cloud. The AWS SDK's BlockDeviceMapping.N
 * makes each instance's volumes in its zone (from a snapshot, larger than it, or empty), attached
 * from the launch on, shown in DescribeInstances and DescribeVolumes, and deleted on termination
 * unless DeleteOnTermination is false; an EBS image's root size can be raised at launch. A launch
 * whose volume the storage controller cannot make answers at once with its instance pending, which
 * then ends terminated with a Server.InternalError state reason, its volumes given back.
 */
@RootTest
class BlockDeviceMappingEndToEndTest extends EbsCloudTestBase {
  // This helper's tgtd control port and iSCSI portal (COMMON.md: the host's tgtd is not ours).
  private static final int CONTROL_PORT = 7350;
  private static final int ISCSI_PORT = 13550;

  @Override
  EbsCloud.Builder cloud(EbsCloud.Builder files) {
    return files.zone("zone1", CONTROL_PORT, ISCSI_PORT).withNode().registered();
  }

  static TagSpecification tags(ResourceType type, String name) {
    return TagSpecification.builder().resourceType(type).tags(Tag.builder().key("Name").value(name).build()).build();
  }

  /** A completed snapshot of a new 1 GiB volume, both tagged at creation. */
  String snapshot() throws Exception {
    String source = ec2.createVolume(r -> r.availabilityZone("zone1").size(1)
        .tagSpecifications(tags(ResourceType.VOLUME, "source"))).volumeId();
    EndToEndTest.awaitTrue("the source volume available", Duration.ofSeconds(60),
        () -> volume(source).stateAsString().equals("available"));
    String snap = ec2.createSnapshot(r -> r.volumeId(source).tagSpecifications(tags(ResourceType.SNAPSHOT, "base")))
        .snapshotId();
    EndToEndTest.awaitTrue("the snapshot completed", Duration.ofMinutes(2), () -> ec2.describeSnapshots(r ->
        r.snapshotIds(snap)).snapshots().get(0).stateAsString().equals("completed"));
    return snap;
  }

  String instanceStoreImage() throws Exception {
    Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
    String out = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("register-image", "--eucarc",
        ebs.eucarc(), "--file", image.toString())).isZero());
    return out.strip().split("\t")[1];
  }

  static BlockDeviceMapping ebs(String device, String snapshotId, Integer size, Boolean delete) {
    return BlockDeviceMapping.builder().deviceName(device)
        .ebs(e -> e.snapshotId(snapshotId).volumeSize(size).deleteOnTermination(delete)).build();
  }

  static InstanceBlockDeviceMapping at(Instance i, String device) {
    return i.blockDeviceMappings().stream().filter(m -> m.deviceName().equals(device)).findFirst().orElseThrow();
  }

  @Test
  void launchMappingsMakeAttachAndOnTerminationDeleteTheirVolumes() throws Exception {
    String snap = snapshot();
    // Tags given at creation, found by their filters.
    assertThat(ec2.describeVolumes(r -> r.filters(Filter.builder().name("tag:Name").values("source").build()))
        .volumes()).singleElement().satisfies(v -> assertThat(v.tags()).containsExactly(
            Tag.builder().key("Name").value("source").build()));
    assertThat(ec2.describeSnapshots(r -> r.filters(Filter.builder().name("tag:Name").values("base").build()))
        .snapshots()).singleElement().satisfies(s -> assertThat(s.snapshotId()).isEqualTo(snap));

    String emi = instanceStoreImage();
    Instance launched = ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(1).maxCount(1)
        .blockDeviceMappings(ebs("/dev/sdf", snap, 2, null), ebs("/dev/sdg", null, 1, false),
            BlockDeviceMapping.builder().deviceName("/dev/sdh").virtualName("ephemeral0").build())
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                .tags(Tag.builder().key("Name").value("web").build()).build(),
            TagSpecification.builder().resourceType(ResourceType.VOLUME)
                .tags(Tag.builder().key("purpose").value("data").build()).build()))
        .instances().get(0);
    // TagSpecification: the instance and each volume the launch makes are tagged from the start.
    assertThat(launched.tags()).containsExactly(Tag.builder().key("Name").value("web").build());
    assertThat(launched.state().name()).isEqualTo(InstanceStateName.PENDING);
    String id = launched.instanceId();
    EndToEndTest.awaitTrue("the instance running with both volumes attached", Duration.ofSeconds(90), () -> {
      Instance i = instance(id);
      return i.state().name() == InstanceStateName.RUNNING && i.blockDeviceMappings().size() == 2
          && i.blockDeviceMappings().stream().allMatch(m -> m.ebs().statusAsString().equals("attached"));
    });
    Instance running = instance(id);
    assertThat(running.rootDeviceType()).isEqualTo(DeviceType.INSTANCE_STORE);
    Volume fromSnapshot = volume(at(running, "/dev/sdf").ebs().volumeId());
    Volume empty = volume(at(running, "/dev/sdg").ebs().volumeId());
    assertThat(fromSnapshot.snapshotId()).isEqualTo(snap);
    assertThat(fromSnapshot.size()).isEqualTo(2); // larger than its 1 GiB snapshot, as asked
    assertThat(fromSnapshot.availabilityZone()).isEqualTo("zone1");
    assertThat(fromSnapshot.stateAsString()).isEqualTo("in-use");
    assertThat(fromSnapshot.attachments()).singleElement().satisfies(a -> {
      assertThat(a.instanceId()).isEqualTo(id);
      assertThat(a.device()).isEqualTo("/dev/sdf");
      assertThat(a.deleteOnTermination()).isTrue(); // EC2's default for launch mappings
    });
    assertThat(empty.snapshotId()).isNullOrEmpty();
    assertThat(empty.size()).isEqualTo(1);
    assertThat(empty.attachments()).singleElement().satisfies(a -> assertThat(a.deleteOnTermination()).isFalse());
    assertThat(running.tags()).containsExactly(Tag.builder().key("Name").value("web").build());
    assertThat(fromSnapshot.tags()).containsExactly(Tag.builder().key("purpose").value("data").build());
    assertThat(empty.tags()).containsExactly(Tag.builder().key("purpose").value("data").build());

    ec2.terminateInstances(r -> r.instanceIds(id));
    EndToEndTest.awaitTrue("the instance terminated", Duration.ofSeconds(60),
        () -> instance(id).state().name() == InstanceStateName.TERMINATED);
    EndToEndTest.awaitTrue("the snapshot's volume deleted, the other kept", Duration.ofSeconds(60), () -> {
      List<Volume> all = ec2.describeVolumes().volumes();
      return all.stream().noneMatch(v -> v.volumeId().equals(fromSnapshot.volumeId()))
          && all.stream().anyMatch(v -> v.volumeId().equals(empty.volumeId()) && v.stateAsString().equals("available"));
    });
  }

  @Test
  void anEbsImagesRootGrowsAtLaunch() throws Exception {
    String snap = snapshot();
    String emi = ec2.registerImage(r -> r.name("ebs-boot").rootDeviceName("/dev/sda1").blockDeviceMappings(
        ebs("/dev/sda1", snap, null, null))).imageId();
    String id = ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(1).maxCount(1)
        .blockDeviceMappings(ebs("/dev/sda1", null, 3, null))).instances().get(0).instanceId();
    EndToEndTest.awaitTrue("the instance running", Duration.ofSeconds(90),
        () -> instance(id).state().name() == InstanceStateName.RUNNING);
    EndToEndTest.awaitTrue("the root volume attached", Duration.ofSeconds(30),
        () -> at(instance(id), "/dev/sda1").ebs().statusAsString().equals("attached"));
    Volume root = volume(at(instance(id), "/dev/sda1").ebs().volumeId());
    assertThat(root.size()).isEqualTo(3);
    assertThat(root.snapshotId()).isEqualTo(snap);
  }

  @Test
  void aLaunchAnswersBeforeItsVolumeIsMadeAndAVolumeThatFailsEndsItsInstance() throws Exception {
    String snap = snapshot();
    String emi = ec2.registerImage(r -> r.name("ebs-boot").rootDeviceName("/dev/sda1").blockDeviceMappings(
        ebs("/dev/sda1", snap, null, null))).imageId();

    // The snapshot's bytes gone from Walrus: the storage controller cannot make the next root volume.
    List<Path> stored;
    try (var files = Files.walk(tmp)) {
      stored = files.filter(p -> p.getFileName().toString().equals(snap)
          && p.getParent().getFileName().toString().equals("snapshots")).toList();
    }
    assertThat(stored).isNotEmpty();
    for (Path p : stored) {
      Files.delete(p);
    }
    List<String> volumesBefore = ec2.describeVolumes().volumes().stream().map(Volume::volumeId).toList();
    // The request answers before the volume is made (it would have failed with the volume otherwise).
    Instance pending = ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(1).maxCount(1))
        .instances().get(0);
    assertThat(pending.state().name()).isEqualTo(InstanceStateName.PENDING);
    EndToEndTest.awaitTrue("the instance ended", Duration.ofSeconds(90),
        () -> instance(pending.instanceId()).state().name() == InstanceStateName.TERMINATED);
    Instance ended = instance(pending.instanceId());
    assertThat(ended.stateReason().code()).isEqualTo("Server.InternalError");
    assertThat(ended.stateReason().message()).contains("could not be made");
    EndToEndTest.awaitTrue("its root volume given back", Duration.ofSeconds(60), () -> ec2.describeVolumes()
        .volumes().stream().map(Volume::volumeId).toList().equals(volumesBefore));
  }
}
