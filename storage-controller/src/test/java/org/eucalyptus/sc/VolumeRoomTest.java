package org.eucalyptus.sc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.wsdl.sc.CreateStorageVolume;
import org.eucalyptus.wsdl.sc.DeleteStorageVolume;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storage controller whose volumes directory is a small filesystem (a 1200 MiB tmpfs, 64 MiB of it
 * reserved): a 1 GiB volume is made; a second is refused with InsufficientVolumeCapacity, although
 * the first sparse file holds almost no blocks, since it may still claim its whole size; asked
 * again, the first is answered as it is; once it is deleted, the second fits.
 */
@RootTest
class VolumeRoomTest {
  static final int CONTROL_PORT = 7320;
  static final int ISCSI_PORT = 13520;
  @TempDir Path tmp;
  Path small;
  boolean mounted;
  StorageController sc;
  EucalyptusSCPortType client;

  @BeforeEach
  void start() throws Exception {
    HostParts.requireRootAnd("tgtd", "tgtadm", "mount", "du");
    small = Files.createDirectories(tmp.resolve("sc"));
    new CommandRunner(Duration.ofSeconds(20)).run(List.of("mount", "-t", "tmpfs", "-o", "size=1200m", "tmpfs",
        small.toString()), null);
    mounted = true;
    sc = new StorageController(EucaConf.of(Map.of("SC_PORT", "0", "SC_BIND_ADDR", "127.0.0.1",
        "SC_VOLUMES_DIR", small.toString(), "SC_KEYS_DIR", tmp.resolve("keys").toString(),
        "SC_ISCSI_PORTAL", "127.0.0.1:" + ISCSI_PORT, "SC_TGT_CONTROL_PORT", String.valueOf(CONTROL_PORT),
        "SC_START_TGTD", "Y", "SC_VOLUMES_RESERVE_MB", "64"))).start();
    CloudCa ca = CloudCa.loadOrCreate(tmp.resolve("ca"));
    ScTestParts.enrol(sc.port(), ca);
    client = ScTestParts.asCloud(sc.port(), ca);
  }

  @AfterEach
  void stop() throws Exception {
    if (sc != null) {
      sc.close();
    }
    if (mounted) {
      new CommandRunner(Duration.ofSeconds(20)).run(List.of("umount", "--lazy", small.toString()), null);
    }
  }

  static CreateStorageVolume create(String id, int gib) {
    CreateStorageVolume c = new CreateStorageVolume();
    c.setVolumeId(id);
    c.setSize(gib);
    return c;
  }

  @Test
  void aVolumeTheFilesystemCannotHoldIsRefusedBeforeItIsRecorded() throws Exception {
    client.createStorageVolume(create("vol-0000000a", 1));
    ScTestParts.awaitVolume(client, "vol-0000000a", "available");
    assertThat(Files.size(small.resolve("volumes/vol-0000000a"))).isEqualTo(1L << 30);

    assertThatThrownBy(() -> client.createStorageVolume(create("vol-0000000b", 1)))
        .isInstanceOfSatisfying(EucalyptusFault_Exception.class, f -> {
          assertThat(f.getFaultInfo().getCode()).isEqualTo("InsufficientVolumeCapacity");
          assertThat(f.getFaultInfo().getMessage()).contains("vol-0000000b").contains("MiB is left");
        });
    assertThat(small.resolve("volumes/vol-0000000b")).doesNotExist();
    // The volume it has, asked for again, is answered as it is (not measured against the room again).
    assertThat(client.createStorageVolume(create("vol-0000000a", 1)).getVolume().getVolumeId())
        .isEqualTo("vol-0000000a");

    DeleteStorageVolume delete = new DeleteStorageVolume();
    delete.setVolumeId("vol-0000000a");
    client.deleteStorageVolume(delete);
    client.createStorageVolume(create("vol-0000000b", 1));
    ScTestParts.awaitVolume(client, "vol-0000000b", "available");
  }
}
