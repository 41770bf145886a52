package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.snapshots.Snapshot;
import org.eucalyptus.clc.snapshots.SnapshotStore;
import org.eucalyptus.clc.storage.VolumeLookup.VolumeFacts;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.DeviceType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * EBS-backed images through the AWS SDK for Java v2, on H2 and PostgreSQL ({@code euca.test.db}):
 * RegisterImage with RootDeviceName and BlockDeviceMapping.N (no ImageLocation) records a machine
 * image whose root is a snapshot the caller may create volumes from, and DescribeImages shows
 * rootDeviceType ebs, the root device and the mappings as EC2 does; instance-store images still
 * say instance-store. The snapshots are recorded through the CLC's store and completed as their
 * SC's report would.
 */
@IntegrationTest
class EbsImagesTest {
  @TempDir static Path tmp;
  static ClcApiFixture f;
  static AccessKeyOwner owner;
  static AccessKeyOwner other;
  static Ec2Client asOwner;
  static Ec2Client asOther;

  @BeforeAll
  static void start() throws Exception {
    f = new ClcApiFixture(tmp.resolve("clc"), Map.of("CLC_CLUSTERS", "zone1=127.0.0.1:9"));
    owner = f.newAccount("ebs-image-owner");
    other = f.newAccount("ebs-image-other");
    asOwner = f.ec2(owner);
    asOther = f.ec2(other);
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(asOwner, asOther, f);
  }

  static String snapshot(AccessKeyOwner who, int size, boolean complete) throws Exception {
    SnapshotStore store = f.clc.snapshots();
    Snapshot s = store.create(QuotaClaim.unlimited(Quotas.SNAPSHOT_NUMBER, who.accountNumber(), who.userId()),
        new VolumeFacts("vol-0000abcd", "zone1", size), "root");
    if (complete) {
      store.apply("zone1", List.of(new SnapshotStore.Report(s.snapshotId(), "completed", "100%", null)));
    }
    return s.snapshotId();
  }

  static String code(Throwable t) {
    return ((Ec2Exception) t).awsErrorDetails().errorCode();
  }

  static BlockDeviceMapping ebs(String device, String snapshotId, Integer size, Boolean delete) {
    return BlockDeviceMapping.builder().deviceName(device)
        .ebs(e -> e.snapshotId(snapshotId).volumeSize(size).deleteOnTermination(delete)).build();
  }

  @Test
  void registersAndDescribesAnEbsBackedImage() throws Exception {
    String snap = snapshot(owner, 2, true);
    String emi = asOwner.registerImage(r -> r.name("ebs-root").description("boots from EBS")
        .rootDeviceName("/dev/sda1").blockDeviceMappings(
            ebs("/dev/sda1", snap, null, null),
            BlockDeviceMapping.builder().deviceName("/dev/sdb").virtualName("ephemeral0").build(),
            BlockDeviceMapping.builder().deviceName("/dev/sdc").noDevice("").build(),
            ebs("/dev/sdf", null, 5, false))).imageId();
    assertThat(emi).matches("emi-[0-9a-f]{8}");

    Image image = asOwner.describeImages(r -> r.imageIds(emi)).images().get(0);
    assertThat(image.rootDeviceType()).isEqualTo(DeviceType.EBS);
    assertThat(image.rootDeviceName()).isEqualTo("/dev/sda1");
    assertThat(image.imageLocation()).isEqualTo(owner.accountNumber() + "/ebs-root");
    assertThat(image.imageTypeAsString()).isEqualTo("machine");
    assertThat(image.blockDeviceMappings()).hasSize(4);
    BlockDeviceMapping root = image.blockDeviceMappings().get(0);
    assertThat(root.deviceName()).isEqualTo("/dev/sda1");
    assertThat(root.ebs().snapshotId()).isEqualTo(snap);
    assertThat(root.ebs().volumeSize()).isEqualTo(2); // the snapshot's, none given
    assertThat(root.ebs().deleteOnTermination()).isTrue(); // EC2's default
    assertThat(image.blockDeviceMappings().get(1).virtualName()).isEqualTo("ephemeral0");
    assertThat(image.blockDeviceMappings().get(2).noDevice()).isNotNull();
    BlockDeviceMapping extra = image.blockDeviceMappings().get(3);
    assertThat(extra.ebs().snapshotId()).isNull();
    assertThat(extra.ebs().volumeSize()).isEqualTo(5);
    assertThat(extra.ebs().deleteOnTermination()).isFalse();

    assertThat(asOwner.describeImages(r -> r.filters(Filter.builder().name("root-device-type").values("ebs").build()))
        .images()).extracting(Image::imageId).containsExactly(emi);
    // The stored mappings are the image's row's: on both databases they come back as registered.
    assertThat(f.clc.images().mappingsOf(List.of(emi)).get(emi)).hasSize(4);
  }

  @Test
  void instanceStoreImagesSayInstanceStore() throws Exception {
    Path file = java.nio.file.Files.write(tmp.resolve("plain.img"), new byte[64]);
    String emi = f.ec2(f.clc.admin()).registerImage(r -> r.imageLocation(file.toUri().toString()).name("plain"))
        .imageId();
    Image image = asOwner.describeImages(r -> r.imageIds(emi)).images().get(0);
    assertThat(image.rootDeviceType()).isEqualTo(DeviceType.INSTANCE_STORE);
    assertThat(image.rootDeviceName()).isEqualTo("/dev/sda1");
    assertThat(image.blockDeviceMappings()).isEmpty();
  }

  @Test
  void theRootMustBeASnapshotTheCallerMayUseAndLargeEnough() throws Exception {
    String mine = snapshot(owner, 3, true);
    String pending = snapshot(owner, 1, false);
    // Another account's snapshot, not shared: as if it did not exist.
    assertThatThrownBy(() -> asOther.registerImage(r -> r.name("theirs").rootDeviceName("/dev/sda1")
        .blockDeviceMappings(ebs("/dev/sda1", mine, null, null))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidSnapshot.NotFound"));
    // Not completed yet.
    assertThatThrownBy(() -> asOwner.registerImage(r -> r.name("early").rootDeviceName("/dev/sda1")
        .blockDeviceMappings(ebs("/dev/sda1", pending, null, null))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("IncorrectState"));
    // Smaller than the snapshot.
    assertThatThrownBy(() -> asOwner.registerImage(r -> r.name("small").rootDeviceName("/dev/sda1")
        .blockDeviceMappings(ebs("/dev/sda1", mine, 2, null))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidParameterValue"));
    // No mapping for the root device, or one without a snapshot.
    assertThatThrownBy(() -> asOwner.registerImage(r -> r.name("rootless").rootDeviceName("/dev/sda1")
        .blockDeviceMappings(ebs("/dev/sdf", mine, null, null))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidParameterValue"));
    assertThatThrownBy(() -> asOwner.registerImage(r -> r.name("empty-root").rootDeviceName("/dev/sda1")
        .blockDeviceMappings(ebs("/dev/sda1", null, 4, null))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidParameterValue"));
    // A mapping with two kinds at once.
    assertThatThrownBy(() -> asOwner.registerImage(r -> r.name("both").rootDeviceName("/dev/sda1")
        .blockDeviceMappings(ebs("/dev/sda1", mine, null, null), BlockDeviceMapping.builder().deviceName("/dev/sdb")
            .virtualName("ephemeral0").ebs(e -> e.volumeSize(1)).build())))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidBlockDeviceMapping"));
    // A mapping's device name missing or malformed, or a device mapped twice (sdf and /dev/sdf are one).
    assertThatThrownBy(() -> asOwner.registerImage(r -> r.name("bad-name").rootDeviceName("/dev/sda1")
        .blockDeviceMappings(ebs("/dev/sda1", mine, null, null), ebs("/dev/../sdf", null, 1, null))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidBlockDeviceMapping"));
    assertThatThrownBy(() -> asOwner.registerImage(r -> r.name("no-name").rootDeviceName("/dev/sda1")
        .blockDeviceMappings(ebs("/dev/sda1", mine, null, null), BlockDeviceMapping.builder()
            .ebs(e -> e.volumeSize(1)).build())))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidBlockDeviceMapping"));
    assertThatThrownBy(() -> asOwner.registerImage(r -> r.name("twice").rootDeviceName("/dev/sda1")
        .blockDeviceMappings(ebs("/dev/sda1", mine, null, null), ebs("/dev/sdf", null, 1, null),
            ebs("sdf", null, 2, null))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidBlockDeviceMapping"));
    assertThatThrownBy(() -> asOwner.registerImage(r -> r.name("neither").rootDeviceName("/dev/sda1")
        .blockDeviceMappings(ebs("/dev/sda1", mine, null, null), BlockDeviceMapping.builder().deviceName("/dev/sdg")
            .build())))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidBlockDeviceMapping"));
    assertThat(asOwner.describeImages(r -> r.owners("self")).images()).extracting(Image::name)
        .doesNotContain("theirs", "early", "small", "rootless", "empty-root", "both", "bad-name", "no-name",
            "twice", "neither");
  }
}
