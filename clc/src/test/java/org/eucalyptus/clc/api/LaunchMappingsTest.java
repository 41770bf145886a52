package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.properties.CloudProperties;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.snapshots.Snapshot;
import org.eucalyptus.clc.snapshots.SnapshotStore;
import org.eucalyptus.clc.storage.VolumeLookup.VolumeFacts;
import org.eucalyptus.clc.volumes.Volume;
import org.eucalyptus.clc.volumes.VolumeStore;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * RunInstances' BlockDeviceMapping.N and CreateVolume's/CreateSnapshot's TagSpecification.N through
 * the AWS SDK for Java v2 (its Query parameter names), on a cloud whose zone has a registered cluster
 * and no storage controller: every check EC2 makes before anything is made answers EC2's error, and
 * a refused launch leaves no instance and no volume behind. Tags given at creation are written with
 * the volume or snapshot (the stores' one transaction) and found by DescribeVolumes/DescribeSnapshots
 * and their tag: filters. The volumes' making, attaching and deleting with a real storage controller
 * and node are tools' BlockDeviceMappingEndToEndTest.
 */
@IntegrationTest
class LaunchMappingsTest {
  @TempDir static Path tmp;
  static ClcApiFixture f;
  static AccessKeyOwner owner;
  static Ec2Client ec2;
  static String instanceStore;

  @BeforeAll
  static void start() throws Exception {
    f = new ClcApiFixture(tmp.resolve("clc"), Map.of("CLC_CLUSTERS", "zone1=127.0.0.1:9"));
    owner = f.newAccount("bdm-owner");
    ec2 = f.ec2(owner);
    Path file = java.nio.file.Files.write(tmp.resolve("plain.img"), new byte[64]);
    try (Ec2Client admin = f.ec2(f.clc.admin())) {
      instanceStore = admin.registerImage(r -> r.imageLocation(file.toUri().toString()).name("plain")).imageId();
    }
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(ec2, f);
  }

  static String snapshot(int size) throws Exception {
    SnapshotStore store = f.clc.snapshots();
    Snapshot s = store.create(QuotaClaim.unlimited(Quotas.SNAPSHOT_NUMBER, owner.accountNumber(), owner.userId()),
        new VolumeFacts("vol-0000abcd", "zone1", size), "data");
    store.apply("zone1", List.of(new SnapshotStore.Report(s.snapshotId(), "completed", "100%", null)));
    return s.snapshotId();
  }

  static BlockDeviceMapping ebs(String device, String snapshotId, Integer size) {
    return BlockDeviceMapping.builder().deviceName(device).ebs(e -> e.snapshotId(snapshotId).volumeSize(size)).build();
  }

  static String refusal(Runnable call) {
    try {
      call.run();
    } catch (Ec2Exception e) {
      return e.awsErrorDetails().errorCode();
    }
    throw new AssertionError("the call was not refused");
  }

  String launch(String emi, BlockDeviceMapping... mappings) {
    return refusal(() -> ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1).blockDeviceMappings(mappings)));
  }

  void nothingLeft() {
    assertThat(ec2.describeInstances().reservations()).isEmpty();
    assertThat(ec2.describeVolumes().volumes()).isEmpty();
  }

  @Test
  void launchMappingsAreCheckedAsEc2ChecksThem() throws Exception {
    String three = snapshot(3);
    // A snapshot the caller may not use, or that does not exist.
    assertThat(launch(instanceStore, ebs("/dev/sdf", "snap-0000dead", null))).isEqualTo("InvalidSnapshot.NotFound");
    // Smaller than its snapshot.
    assertThat(launch(instanceStore, ebs("/dev/sdf", three, 2))).isEqualTo("InvalidParameterValue");
    // An instance-store image's root cannot be a volume.
    assertThat(launch(instanceStore, ebs("/dev/sda1", null, 1))).isEqualTo("InvalidBlockDeviceMapping");
    // A mapping of the wrong shape: its device name malformed or missing, a device mapped twice (sdf is
    // /dev/sdf), neither Ebs nor VirtualName nor NoDevice, a virtual name not ephemeralN.
    assertThat(launch(instanceStore, ebs("/dev/sdf!", null, 1))).isEqualTo("InvalidBlockDeviceMapping");
    assertThat(launch(instanceStore, BlockDeviceMapping.builder().ebs(e -> e.volumeSize(1)).build()))
        .isEqualTo("InvalidBlockDeviceMapping");
    assertThat(launch(instanceStore, ebs("/dev/sdf", null, 1), ebs("sdf", null, 2)))
        .isEqualTo("InvalidBlockDeviceMapping");
    assertThat(launch(instanceStore, BlockDeviceMapping.builder().deviceName("/dev/sdg").build()))
        .isEqualTo("InvalidBlockDeviceMapping");
    assertThat(launch(instanceStore, BlockDeviceMapping.builder().deviceName("/dev/sdg").virtualName("disk9")
        .build())).isEqualTo("InvalidBlockDeviceMapping");
    // Neither a snapshot nor a size.
    assertThat(launch(instanceStore, BlockDeviceMapping.builder().deviceName("/dev/sdf")
        .ebs(e -> e.deleteOnTermination(true)).build())).isEqualTo("MissingParameter");
    // Larger than storage.maxvolumesizeingb: counted as CreateVolume counts, before the cluster hears of it.
    f.clc.properties().modify(CloudProperties.MAX_VOLUME_SIZE, "2");
    try {
      assertThat(launch(instanceStore, ebs("/dev/sdf", null, 3))).isEqualTo("VolumeLimitExceeded");
    } finally {
      f.clc.properties().modify(CloudProperties.MAX_VOLUME_SIZE, "15");
    }
    nothingLeft();
    // A zone whose volumes no storage controller makes: refused, and nothing is left of the launch.
    assertThat(launch(instanceStore, ebs("/dev/sdf", three, 4))).isEqualTo("Unavailable");
    nothingLeft();
  }

  @Test
  void anEbsImagesRootKeepsItsSnapshotAndCannotBeRemoved() throws Exception {
    String root = snapshot(2);
    String other = snapshot(2);
    String emi = ec2.registerImage(r -> r.name("ebs-root").rootDeviceName("/dev/sda1")
        .blockDeviceMappings(ebs("/dev/sda1", root, null))).imageId();
    assertThat(launch(emi, BlockDeviceMapping.builder().deviceName("/dev/sda1").noDevice("").build()))
        .isEqualTo("InvalidBlockDeviceMapping");
    assertThat(launch(emi, ebs("/dev/sda1", other, null))).isEqualTo("InvalidBlockDeviceMapping");
    // Its size may grow, not shrink below the snapshot's.
    assertThat(launch(emi, ebs("/dev/sda1", null, 1))).isEqualTo("InvalidParameterValue");
    f.clc.properties().modify(CloudProperties.MAX_VOLUME_SIZE, "2");
    try {
      assertThat(launch(emi, ebs("/dev/sda1", null, 3))).isEqualTo("VolumeLimitExceeded");
    } finally {
      f.clc.properties().modify(CloudProperties.MAX_VOLUME_SIZE, "15");
    }
    nothingLeft();
  }

  @Test
  void tagSpecificationsAreCheckedForTheirResourceType() {
    TagSpecification forInstance = TagSpecification.builder().resourceType(ResourceType.INSTANCE)
        .tags(Tag.builder().key("Name").value("x").build()).build();
    assertThat(refusal(() -> ec2.createVolume(r -> r.availabilityZone("zone1").size(1)
        .tagSpecifications(forInstance)))).isEqualTo("InvalidParameterValue");
    TagSpecification reserved = TagSpecification.builder().resourceType(ResourceType.VOLUME)
        .tags(Tag.builder().key("aws:name").value("x").build()).build();
    assertThat(refusal(() -> ec2.createVolume(r -> r.availabilityZone("zone1").size(1)
        .tagSpecifications(reserved)))).isEqualTo("InvalidParameterValue");
    TagSpecification forVolume = TagSpecification.builder().resourceType(ResourceType.VOLUME)
        .tags(Tag.builder().key("Name").value("x").build()).build();
    assertThat(refusal(() -> ec2.createSnapshot(r -> r.volumeId("vol-0000abcd").tagSpecifications(forVolume))))
        .isEqualTo("InvalidParameterValue");
    // RunInstances tags its instances and their volumes: another type, or more than 50 tags, is refused before
    // anything is made (without TagSpecification being read, the launch went on to its unreachable cluster).
    TagSpecification forSnapshot = TagSpecification.builder().resourceType(ResourceType.SNAPSHOT)
        .tags(Tag.builder().key("Name").value("x").build()).build();
    assertThat(refusal(() -> ec2.runInstances(r -> r.imageId(instanceStore).minCount(1).maxCount(1)
        .tagSpecifications(forSnapshot)))).isEqualTo("InvalidParameterValue");
    TagSpecification tooMany = TagSpecification.builder().resourceType(ResourceType.INSTANCE)
        .tags(java.util.stream.IntStream.range(0, 51).mapToObj(n -> Tag.builder().key("k" + n).value("v").build())
            .toList()).build();
    assertThat(refusal(() -> ec2.runInstances(r -> r.imageId(instanceStore).minCount(1).maxCount(1)
        .tagSpecifications(forVolume, tooMany)))).isEqualTo("TagLimitExceeded");
    assertThat(refusal(() -> ec2.runInstances(r -> r.imageId(instanceStore).minCount(1).maxCount(1)
        .tagSpecifications(forVolume, forVolume)))).isEqualTo("InvalidParameterValue");
    nothingLeft();
    // A volume refused by its zone (no storage controller) leaves no tags behind either.
    assertThat(refusal(() -> ec2.createVolume(r -> r.availabilityZone("zone1").size(1)
        .tagSpecifications(forVolume)))).isEqualTo("Unavailable");
    assertThat(ec2.describeTags().tags()).isEmpty();
  }

  @Test
  void tagsGivenAtCreationAreTheVolumesAndSnapshotsFromTheStart() throws Exception {
    Volume v = f.clc.volumes().create(QuotaClaim.unlimited(Quotas.VOLUME_NUMBER, owner.accountNumber(), owner.userId()),
        QuotaClaim.unlimited(Quotas.VOLUME_TOTAL_SIZE, owner.accountNumber(), owner.userId()), "zone1", 1, null,
        new VolumeStore.SizeLimits(15, 1000), Map.of("Name", "data", "team", "blue"), null);
    Snapshot s = f.clc.snapshots().create(
        QuotaClaim.unlimited(Quotas.SNAPSHOT_NUMBER, owner.accountNumber(), owner.userId()),
        new VolumeFacts(v.volumeId(), "zone1", 1), "tagged", Map.of("Name", "nightly"));
    try {
      assertThat(ec2.describeVolumes(r -> r.filters(Filter.builder().name("tag:team").values("blue").build()))
          .volumes()).singleElement().satisfies(x -> {
            assertThat(x.volumeId()).isEqualTo(v.volumeId());
            assertThat(x.tags()).extracting(Tag::key, Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Name", "data"),
                    org.assertj.core.groups.Tuple.tuple("team", "blue"));
          });
      assertThat(ec2.describeSnapshots(r -> r.ownerIds("self")
          .filters(Filter.builder().name("tag:Name").values("nightly").build())).snapshots())
          .singleElement().satisfies(x -> assertThat(x.snapshotId()).isEqualTo(s.snapshotId()));
    } finally {
      f.clc.snapshots().remove(s.snapshotId());
      f.clc.volumes().forget(v.volumeId());
    }
    assertThat(ec2.describeTags().tags()).isEmpty();
  }
}
