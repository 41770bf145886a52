package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.sc.StorageController;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
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
class BootFromEbsEndToEndTest {
  // This helper's tgtd control port and iSCSI portal (COMMON.md: the host's tgtd is not ours).
  private static final int CONTROL_PORT = 7230;
  private static final int ISCSI_PORT = 13430;

  @TempDir Path tmp;
  NodeController nc;
  ClusterController cc;
  CloudMain cloud;
  StorageController sc;
  Ec2Client ec2;

  @BeforeEach
  void start() throws Exception {
    HostParts.requireRootAnd("tgtd", "tgtadm");
    Libvirt.requireOrSkip();
    nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "4", "MAX_MEM", "4096", "MAX_DISK", "100"))
        .with("NC_KEYS_DIR", tmp.resolve("nc-keys").toString()));
    nc.start();
    cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
        "NODES", "127.0.0.1:" + nc.port())).with("CC_KEYS_DIR", tmp.resolve("cc-keys").toString()));
    cc.start();
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString(), "CLC_CLUSTERS", "zone1=127.0.0.1:" + cc.port())));
    sc = new StorageController(EucaConf.of(Map.of("SC_PORT", "0", "SC_BIND_ADDR", "127.0.0.1",
        "SC_VOLUMES_DIR", tmp.resolve("sc").toString(), "SC_KEYS_DIR", tmp.resolve("sc-keys").toString(),
        "SC_ISCSI_PORTAL", "127.0.0.1:" + ISCSI_PORT, "SC_TGT_CONTROL_PORT", String.valueOf(CONTROL_PORT),
        "SC_START_TGTD", "Y", "WALRUS_URL", "http://127.0.0.1:" + cloud.port() + "/services/Walrus"))).start();
    String eucarc = cloud.clc().dataDir().resolve("eucarc").toString();
    EucaConfTest.Run reg = EucaConfTest.confAs(eucarc, "--register-sc", "--partition", "zone1", "--host",
        "127.0.0.1", "--port", String.valueOf(sc.port()), "--component", "sc1");
    assertThat(reg.status()).as(reg.out()).isZero();
    ec2 = EndToEndTest.ec2At(cloud.port(), cloud.clc().admin().accessKeyId(), cloud.clc().admin().secretKey());
    EndToEndTest.awaitTrue("the cluster and its node enrolled", Duration.ofSeconds(60),
        () -> Files.exists(tmp.resolve("cc-keys").resolve("cluster-cert.pem"))
            && Files.exists(tmp.resolve("nc-keys").resolve("node-cert.pem")));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {ec2, cloud, sc, cc, nc}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
  }

  Volume volume(String id) {
    return ec2.describeVolumes(r -> r.volumeIds(id)).volumes().get(0);
  }

  Instance instance(String id) {
    return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
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
