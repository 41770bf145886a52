package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.sc.StorageController;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * A real cloud controller and a real storage controller (its own tgtd, on a fixed port so that it
 * comes back where it is registered): a DeleteVolume while the SC is down leaves the volume
 * deleting, and once the SC is up again the cloud controller sends the delete again by itself: the
 * volume is gone from DescribeVolumes and its file from the SC, with no further call of the user.
 */
@RootTest
class DeleteVolumeRetryEndToEndTest {
  // This class's own ports (helper 1's range): the SC's SOAP port, its tgtd's control port and portal.
  private static final int SC_PORT = 21110;
  private static final int CONTROL_PORT = 7312;
  private static final int ISCSI_PORT = 13512;

  @TempDir Path tmp;
  CloudMain cloud;
  StorageController sc;
  Ec2Client ec2;

  StorageController startSc() throws Exception {
    return new StorageController(EucaConf.of(Map.of("SC_PORT", String.valueOf(SC_PORT), "SC_BIND_ADDR", "127.0.0.1",
        "SC_VOLUMES_DIR", tmp.resolve("sc").toString(), "SC_KEYS_DIR", tmp.resolve("sc-keys").toString(),
        "SC_ISCSI_PORTAL", "127.0.0.1:" + ISCSI_PORT, "SC_TGT_CONTROL_PORT", String.valueOf(CONTROL_PORT),
        "SC_START_TGTD", "Y"))).start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {ec2, cloud, sc}) {
      if (c != null) {
        c.close();
      }
    }
  }

  Volume volume(String id) {
    return ec2.describeVolumes(r -> r.volumeIds(id)).volumes().get(0);
  }

  @Test
  void aDeleteTheStorageControllerMissedIsSentAgainOnceItIsBack() throws Exception {
    HostParts.requireRootAnd("tgtd", "tgtadm");
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString(), "CLC_CLUSTERS", "zone1=127.0.0.1:9",
        "CLC_ENROLL_INTERVAL_SEC", "1")));
    sc = startSc();
    EucaConfTest.Run reg = EucaConfTest.confAs(cloud.clc().dataDir().resolve("eucarc").toString(), "--register-sc",
        "--partition", "zone1", "--host", "127.0.0.1", "--port", String.valueOf(SC_PORT), "--component", "sc1");
    assertThat(reg.status()).as(reg.out()).isZero();
    ec2 = EndToEndTest.ec2At(cloud.port(), cloud.clc().admin().accessKeyId(), cloud.clc().admin().secretKey());
    String vol = ec2.createVolume(r -> r.availabilityZone("zone1").size(1)).volumeId();
    EndToEndTest.awaitTrue(vol + " available", Duration.ofSeconds(60),
        () -> volume(vol).stateAsString().equals("available"));
    Path file = tmp.resolve("sc").resolve("volumes").resolve(vol);
    assertThat(file).exists();

    sc.close();
    sc = null;
    // The SC cannot be asked: the cloud takes the delete anyway (EC2's DeleteVolume is asynchronous).
    assertThat(ec2.deleteVolume(r -> r.volumeId(vol)).sdkHttpResponse().isSuccessful()).isTrue();
    assertThat(volume(vol).stateAsString()).isEqualTo("deleting");
    Thread.sleep(1500);
    assertThat(volume(vol).stateAsString()).as("nobody took the delete yet").isEqualTo("deleting");
    assertThat(file).as("the SC is down: its file is still there").exists();

    long t0 = System.nanoTime();
    sc = startSc();
    EndToEndTest.awaitTrue(vol + " gone from DescribeVolumes", Duration.ofSeconds(60),
        () -> ec2.describeVolumes().volumes().stream().noneMatch(v -> v.volumeId().equals(vol)));
    assertThat(Files.exists(file)).as("the SC deleted the volume's file").isFalse();
    System.out.printf("delete sent again and confirmed %d ms after the SC came back%n",
        (System.nanoTime() - t0) / 1_000_000);
  }
}
