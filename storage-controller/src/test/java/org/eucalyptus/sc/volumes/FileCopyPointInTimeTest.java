package org.eucalyptus.sc.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@UnitTest
class FileCopyPointInTimeTest {
  private static final long MIB = 1 << 20;
  private final CommandRunner commands = new CommandRunner(Duration.ofMinutes(2));
  @TempDir Path dir;

  @Test
  void aCopyOfAVolumeNothingWritesIsByteIdenticalAndStaysSparse() throws Exception {
    Path volume = sparseVolume(dir.resolve("vol-1a2b3c4d"), 64 * MIB, 3);
    FileCopyPointInTime pit = new FileCopyPointInTime(commands, dir.resolve("copies"));
    PointInTimeCopy copy = pit.take("vol-1a2b3c4d", volume, () -> () -> {});
    assertThat(copy.size()).isEqualTo(64 * MIB);
    assertThat(copy.path().getFileName().toString()).startsWith(FileCopyPointInTime.PREFIX + "vol-1a2b3c4d-");
    assertThat(Files.mismatch(volume, copy.path())).isEqualTo(-1L);
    // 3 MiB written of 64: a copy that filled the holes would take them all on disk
    assertThat(allocatedBytes(copy.path())).isLessThan(8 * MIB);
    copy.close();
    assertThat(copy.path()).doesNotExist();
  }

  @Test
  void theCopyIsMadeWhileTheWritesAreHeld() throws Exception {
    Path volume = sparseVolume(dir.resolve("vol-1"), 8 * MIB, 1);
    List<String> events = new ArrayList<>();
    Path copies = dir.resolve("copies");
    PointInTime.Quiesce quiesce = () -> {
      events.add("held, copies: " + count(copies));
      return () -> events.add("released, copies: " + count(copies));
    };
    try (PointInTimeCopy copy = new FileCopyPointInTime(commands, copies).take("vol-1", volume, quiesce)) {
      assertThat(events).containsExactly("held, copies: 0", "released, copies: 1");
      assertThat(Files.mismatch(volume, copy.path())).isEqualTo(-1L);
    }
  }

  @Test
  void aFailedCopyReleasesTheHoldAndLeavesNothing() {
    List<String> events = new ArrayList<>();
    Path copies = dir.resolve("copies");
    PointInTime.Quiesce quiesce = () -> {
      events.add("held");
      return () -> events.add("released");
    };
    assertThatThrownBy(() -> new FileCopyPointInTime(commands, copies).take("vol-2", dir.resolve("missing"), quiesce))
        .isInstanceOf(IOException.class);
    assertThat(events).containsExactly("held", "released");
    assertThat(count(copies)).isZero();
  }

  @Test
  void leftoversOfAnEarlierRunAreRemovedAndNothingElse() throws Exception {
    Path copies = Files.createDirectories(dir.resolve("copies"));
    Files.writeString(copies.resolve(FileCopyPointInTime.PREFIX + "vol-3-x.img"), "left");
    Files.writeString(copies.resolve("vol-3"), "a volume");
    new FileCopyPointInTime(commands, copies).removeLeftovers();
    try (var files = Files.list(copies)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("vol-3");
    }
    new FileCopyPointInTime(commands, dir.resolve("none")).removeLeftovers(); // no directory yet: nothing to do
  }

  /** A file of {@code bytes} with {@code dataMib} MiB of random bytes spread over it, the rest holes. */
  static Path sparseVolume(Path path, long bytes, int dataMib) throws IOException {
    Random random = new Random(7);
    byte[] mib = new byte[(int) MIB];
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = 0; i < dataMib; i++) {
        random.nextBytes(mib);
        long at = (bytes / dataMib) * i + 4096L * i;
        ch.write(ByteBuffer.wrap(mib, 0, (int) Math.min(MIB, bytes - at)), at);
      }
    }
    try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
      file.setLength(bytes); // the rest a hole
    }
    return path;
  }

  private long allocatedBytes(Path p) throws Exception {
    String[] blocks = commands.run("stat", "-c", "%b %B", p.toString()).stdout().strip().split(" ");
    return Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
  }

  private static long count(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var files = Files.list(dir)) {
      return files.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
