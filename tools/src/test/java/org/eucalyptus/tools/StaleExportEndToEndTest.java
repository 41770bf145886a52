package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.wsdl.sc.AttachStorageVolume;
import org.eucalyptus.wsdl.sc.DescribeStorageVolumes;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;
import org.junit.jupiter.api.Test;

/**
 * A real cloud controller and a real storage controller (its own tgtd): an export the SC has of an
 * available volume, to an instance the cloud has no attachment for (what a detach leaves when the
 * SC missed its DetachStorageVolume), is ended by the cloud's storage sync by itself, and the
 * volume's DeleteVolume, which the SC refuses while the export stays, then succeeds.
 */
@RootTest
class StaleExportEndToEndTest extends EbsCloudTestBase {
  // This class's own tgtd control port and portal.
  private static final int CONTROL_PORT = 7315;
  private static final int ISCSI_PORT = 13515;

  /** No cluster controller (none is needed); the SC registered with euca_conf. */
  @Override
  EbsCloud.Builder cloud(EbsCloud.Builder files) {
    return files.zone("zone1", CONTROL_PORT, ISCSI_PORT).withoutClusterControllers().registered();
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
    assertThat(Files.exists(ebs.volumesDir(0).resolve("volumes").resolve(vol))).as("the SC deleted its file").isFalse();
  }
}
