package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.sc.StorageController;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.wsdl.sc.AttachStorageVolume;
import org.eucalyptus.wsdl.sc.DescribeStorageVolumes;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A real cloud controller and a real storage controller (its own tgtd): an export the SC has of an
 * available volume, to an instance the cloud has no attachment for (what a detach leaves when the
 * SC missed its DetachStorageVolume), is ended by the cloud's storage sync by itself, and the
 * volume's DeleteVolume, which the SC refuses while the export stays, then succeeds.
 */
@RootTest
class StaleExportEndToEndTest {
  // This class's own ports (helper 1's range of this round): the SC's SOAP port, its tgtd's control port and portal.
  private static final int SC_PORT = 21150;
  private static final int CONTROL_PORT = 7315;
  private static final int ISCSI_PORT = 13515;

  @TempDir Path tmp;
  CloudMain cloud;
  StorageController sc;
  Ec2Client ec2;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {ec2, cloud, sc}) {
      if (c != null) {
        c.close();
      }
    }
  }

  static List<String> exportedTo(EucalyptusSCPortType scClient, String volumeId) {
    DescribeStorageVolumes req = new DescribeStorageVolumes();
    req.getVolumeIds().add(volumeId);
    try {
      return scClient.describeStorageVolumes(req).getVolumes().get(0).getExportedTo();
    } catch (org.eucalyptus.wsdl.types.EucalyptusFault_Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anExportTheCloudHasNoAttachmentForIsEndedAndTheVolumeThenDeletes() throws Exception {
    HostParts.requireRootAnd("tgtd", "tgtadm");
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString(), "CLC_CLUSTERS", "zone1=127.0.0.1:9",
        "CLC_ENROLL_INTERVAL_SEC", "1")));
    sc = new StorageController(EucaConf.of(Map.of("SC_PORT", String.valueOf(SC_PORT), "SC_BIND_ADDR", "127.0.0.1",
        "SC_VOLUMES_DIR", tmp.resolve("sc").toString(), "SC_KEYS_DIR", tmp.resolve("sc-keys").toString(),
        "SC_ISCSI_PORTAL", "127.0.0.1:" + ISCSI_PORT, "SC_TGT_CONTROL_PORT", String.valueOf(CONTROL_PORT),
        "SC_START_TGTD", "Y"))).start();
    EucaConfTest.Run reg = EucaConfTest.confAs(cloud.clc().dataDir().resolve("eucarc").toString(), "--register-sc",
        "--partition", "zone1", "--host", "127.0.0.1", "--port", String.valueOf(SC_PORT), "--component", "sc1");
    assertThat(reg.status()).as(reg.out()).isZero();
    ec2 = EndToEndTest.ec2At(cloud.port(), cloud.clc().admin().accessKeyId(), cloud.clc().admin().secretKey());
    String vol = ec2.createVolume(r -> r.availabilityZone("zone1").size(1)).volumeId();
    EndToEndTest.awaitTrue(vol + " available", Duration.ofSeconds(60),
        () -> ec2.describeVolumes(r -> r.volumeIds(vol)).volumes().get(0).stateAsString().equals("available"));

    // The export a detach leaves when the SC misses its end: made as the cloud makes one (signed by
    // the cloud, for a node's certificate), for an instance the cloud has no attachment of it to.
    EucalyptusSCPortType scClient = cloud.clc().storageControllers().forZone("zone1");
    AttachStorageVolume export = new AttachStorageVolume();
    export.setVolumeId(vol);
    export.setInstanceId("i-5ca1ab1e");
    export.setNodeCertificate(cloud.clc().ca().issueComponent(ComponentIdentity.NODE, "127.0.0.1").certificatePem());
    long t0 = System.nanoTime();
    scClient.attachStorageVolume(export);
    assertThat(exportedTo(scClient, vol)).containsExactly("i-5ca1ab1e");

    EndToEndTest.awaitTrue("the storage sync ended the stale export of " + vol, Duration.ofSeconds(60),
        () -> exportedTo(scClient, vol).isEmpty());
    System.out.printf("stale export ended by the storage sync %d ms after it was made%n",
        (System.nanoTime() - t0) / 1_000_000);
    assertThat(ec2.describeVolumes(r -> r.volumeIds(vol)).volumes().get(0).stateAsString()).isEqualTo("available");
    assertThat(ec2.deleteVolume(r -> r.volumeId(vol)).sdkHttpResponse().isSuccessful()).isTrue();
    EndToEndTest.awaitTrue(vol + " gone from DescribeVolumes", Duration.ofSeconds(60),
        () -> ec2.describeVolumes().volumes().stream().noneMatch(v -> v.volumeId().equals(vol)));
    assertThat(Files.exists(tmp.resolve("sc").resolve("volumes").resolve(vol))).as("the SC deleted its file").isFalse();
  }
}
