package org.eucalyptus.nc.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.eucalyptus.nc.hypervisor.DomainXml;
import org.eucalyptus.nc.hypervisor.IscsiTarget;
import org.eucalyptus.nc.hypervisor.NetworkDisk;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of volumes: remoteDev, device names, the disk's XML, the checkpoint's volumes. */
@UnitTest
class InstanceVolumesUnitTest {
  @TempDir Path dir;

  @Test
  void remoteDevIsAnIscsiUrl() {
    assertThat(IscsiTarget.parse("iscsi://10.0.0.5:3261/iqn.2026-12.com.eucalyptus:vol-1/1"))
        .isEqualTo(new IscsiTarget("10.0.0.5", 3261, "iqn.2026-12.com.eucalyptus:vol-1", 1));
    assertThat(IscsiTarget.parse("iscsi://sc/iqn.x:y/0").port()).isEqualTo(3260);
    for (String bad : new String[] {null, "", "nfs://h/x/1", "iscsi://h/iqn.x:y", "iscsi://h/iqn.x:y/lun", "iscsi:///x/1"}) {
      assertThatThrownBy(() -> IscsiTarget.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theUsersDeviceBecomesAFreeVirtioTarget() throws Exception {
    Set<String> own = Set.of("vda", "vdb", "vdc");
    assertThat(InstanceVolumes.targetFor("/dev/sdf", own)).isEqualTo("vdf");
    assertThat(InstanceVolumes.targetFor("/dev/xvdg", own)).isEqualTo("vdg");
    assertThat(InstanceVolumes.targetFor("vdh", own)).isEqualTo("vdh");
    assertThat(InstanceVolumes.targetFor("/dev/sdb", own)).as("taken: the first free").isEqualTo("vdd");
    assertThat(InstanceVolumes.targetFor("/dev/sda", Set.of())).as("never the root's").isEqualTo("vdb");
    assertThatThrownBy(() -> InstanceVolumes.targetFor("/dev/sdf1", own))
        .isInstanceOf(InstanceVolumes.VolumeException.class);
    assertThatThrownBy(() -> InstanceVolumes.targetFor("/dev/cdrom", own))
        .isInstanceOf(InstanceVolumes.VolumeException.class);
  }

  @Test
  void anEbsBootRecordAtTheFirstDiskIsTheRoot() {
    for (String root : new String[] {"sda", "/dev/sda", "xvda", "vda", "", null}) {
      assertThat(InstanceVolumes.isRootDevice(root)).as(root).isTrue();
    }
    for (String other : new String[] {"sdb", "/dev/xvdf", "vdaa", "cdrom"}) {
      assertThat(InstanceVolumes.isRootDevice(other)).as(other).isFalse();
    }
  }

  @Test
  void theDiskIsAnIscsiNetworkDiskWithItsSecretAndNeverThePassword() {
    NetworkDisk v = new NetworkDisk("vol-1", IscsiTarget.parse("iscsi://127.0.0.1:13340/iqn.x:vol-1/1"), "vdf", "u1",
        "s3cret", null);
    String xml = DomainXml.disk("i-1", v);
    assertThat(xml).contains("<disk type=\"network\" device=\"disk\">")
        .contains("<driver name=\"qemu\" type=\"raw\" cache=\"none\"/>")
        .contains("<source protocol=\"iscsi\" name=\"iqn.x:vol-1/1\">")
        .contains("<host name=\"127.0.0.1\" port=\"13340\"/>")
        .contains("<auth username=\"u1\">")
        .contains("<secret type=\"iscsi\" uuid=\"" + DomainXml.secretUuid("i-1", v) + "\"/>")
        .contains("<target dev=\"vdf\" bus=\"virtio\"/>").contains("<serial>vol-1</serial>")
        .doesNotContain("s3cret");
    assertThat(v.toString()).doesNotContain("s3cret");
    assertThat(DomainXml.secretUuid("i-1", v)).isEqualTo(DomainXml.secretUuid("i-1", v))
        .isNotEqualTo(DomainXml.secretUuid("i-2", v));
    NetworkDisk noChap = new NetworkDisk("vol-2", v.target(), "vdg", null, null, null);
    assertThat(DomainXml.disk("i-1", noChap)).doesNotContain("<auth");
  }

  @Test
  void theCheckpointKeepsTheVolumesAndOldOnesHaveNone() throws Exception {
    assertThat(InstanceCheckpoint.read(dir)).isNull();
    List<VolumeAttachment> vols = List.of(
        new VolumeAttachment("vol-1", "iscsi://h:3260/iqn.x:y/1", "/dev/sdf", "vdf", "u\t1", "c2VhbGVk+/=",
            VolumeAttachment.State.ATTACHED, null),
        new VolumeAttachment("vol-2", "iscsi://h:3260/iqn.x:z/1", "/dev/sdg", "vdg", null, null,
            VolumeAttachment.State.ATTACH_FAILED, "no route\nto host -"));
    InstanceCheckpoint.writeVolumes(dir, vols);
    Files.writeString(dir.resolve(InstanceCheckpoint.REQUEST), Files.readString(writeRequest()));
    InstanceCheckpoint.Saved saved = InstanceCheckpoint.read(dir);
    assertThat(saved).isNotNull();
    assertThat(saved.volumes()).isEqualTo(vols);
    // An EBS boot record keeps its CHAP login (the password sealed) in the launch request.
    assertThat(saved.request().machine().bootRecords()).singleElement().satisfies(b -> {
      assertThat(b.ebs()).isTrue();
      assertThat(b.chapUser()).isEqualTo("u");
      assertThat(b.chapPassword()).isEqualTo("sealed");
    });
    Files.delete(dir.resolve(InstanceCheckpoint.VOLUMES));
    assertThat(InstanceCheckpoint.read(dir).volumes()).as("a checkpoint from before volumes").isEmpty();
  }

  private Path writeRequest() throws Exception {
    Path p = dir.resolve("req.xml");
    Files.writeString(p, LaunchOrderXml.write(new LaunchOrder(null, null, "i-1", "r-1", null, "emi-1", null, null,
        null, null, null, null, "123456789012", null, new LaunchOrder.Machine("m1.small", 128, 1, 1, List.of(
            new LaunchOrder.BootRecord("iscsi://h:3260/iqn.x:r/1", "sda1", 0, "none", "vol-r", "ebs", "u", "sealed"))),
        null, null, null, null, null, List.of())));
    return p;
  }
}
