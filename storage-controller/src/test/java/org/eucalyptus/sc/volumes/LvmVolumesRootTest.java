package org.eucalyptus.sc.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LVM backend on a real volume group (a loop device's physical volume). LVM needs the kernel's
 * device-mapper, which none of our machines has (this one and CI alike): there the test is skipped
 * with that reason, also under CI=true, since no machine can run it; the command lines and the
 * parsing are checked by {@link LvmCommandsTest}.
 */
@RootTest
class LvmVolumesRootTest {
  private static final long MIB = 1 << 20;
  private final CommandRunner commands = new CommandRunner(Duration.ofMinutes(2));
  @TempDir Path dir;
  private String loop;
  private String group;

  @BeforeEach
  void volumeGroupOnALoopDevice() throws Exception {
    if (!Files.exists(Path.of("/dev/mapper/control"))) {
      // Not HostParts.skip: no machine of ours has device-mapper, CI included.
      Assumptions.abort("the kernel has no device-mapper (/dev/mapper/control is missing): LVM cannot run here");
    }
    HostParts.requireRootAnd("lvm", "losetup", "blkdiscard", "blockdev");
    Path backing = dir.resolve("pv.img");
    try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
      f.setLength(256 * MIB);
    }
    loop = commands.run("losetup", "--find", "--show", backing.toString()).stdout().strip();
    group = "euca-test-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
    commands.run("pvcreate", "--yes", loop);
    commands.run("vgcreate", "--yes", group, loop);
  }

  @AfterEach
  void removeTheGroup() throws Exception {
    if (group != null) {
      commands.runAllowingFailure(List.of("vgremove", "--force", group), null);
    }
    if (loop != null) {
      commands.runAllowingFailure(List.of("pvremove", "--force", "--yes", loop), null);
      commands.runAllowingFailure(List.of("losetup", "--detach", loop), null);
    }
  }

  @Test
  void createsListsZeroesSnapshotsAndDeletesVolumes() throws Exception {
    // an operator's volume in the same group: never listed, never removed
    commands.run("lvcreate", "--yes", "--name", "operators", "--size", "8m", group);
    LvmVolumes volumes = new LvmVolumes(group, commands);

    Path path = volumes.create("vol-1a2b3c4d", 32 * MIB);
    assertThat(path).isEqualTo(Path.of("/dev", group, "vol-1a2b3c4d"));
    assertThat(volumes.list()).containsExactly("vol-1a2b3c4d");
    assertThat(volumes.path("vol-1a2b3c4d")).contains(path);
    assertThat(volumes.path("vol-00000000")).isEmpty();
    assertThat(allZero(path, 32 * MIB)).isTrue();

    byte[] data = new byte[(int) MIB];
    Arrays.fill(data, (byte) 7);
    try (RandomAccessFile dev = new RandomAccessFile(path.toFile(), "rw")) {
      dev.write(data);
    }
    try (PointInTimeCopy copy = volumes.pointInTime().take("vol-1a2b3c4d", path, () -> () -> {})) {
      assertThat(copy.size()).isEqualTo(32 * MIB);
      assertThat(Files.mismatch(path, copy.path())).isEqualTo(-1L);
      assertThat(volumes.list()).containsExactly("vol-1a2b3c4d"); // the snapshot is no volume
    }
    volumes.delete("vol-1a2b3c4d");
    volumes.delete("vol-1a2b3c4d"); // gone already: nothing to do
    assertThat(volumes.list()).isEmpty();
    assertThat(LvsListing.parse(commands.run(new LvmCommands(group).list(), null).stdout()))
        .extracting(LvsListing.LogicalVolume::name).containsExactly("operators");

    // a volume made on the extents of the one removed shows none of its bytes
    Path again = volumes.create("vol-5e6f7a8b", 32 * MIB);
    assertThat(allZero(again, 32 * MIB)).isTrue();
  }

  private static boolean allZero(Path device, long bytes) throws IOException {
    byte[] buf = new byte[(int) MIB];
    try (InputStream in = Files.newInputStream(device)) {
      for (long read = 0; read < bytes; ) {
        int n = in.read(buf);
        if (n < 0) {
          return false;
        }
        for (int i = 0; i < n; i++) {
          if (buf[i] != 0) {
            return false;
          }
        }
        read += n;
      }
    }
    return true;
  }
}
