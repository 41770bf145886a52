package org.eucalyptus.sc.iscsi;

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
import java.util.Random;
import org.eucalyptus.common.exec.CommandRunner;
import java.util.concurrent.atomic.AtomicLong;
import org.eucalyptus.sc.volumes.FileCopyPointInTime;
import org.eucalyptus.sc.volumes.PointInTime;
import org.eucalyptus.sc.volumes.PointInTimeCopy;
import org.eucalyptus.testfixtures.Await;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.testfixtures.TestTgtd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holding a real tgt target's writes while a point-in-time copy of its sparse-file volume is taken,
 * with QEMU's iSCSI initiator writing through it: the copy is crash-consistent (a prefix of the
 * writes), the writer sees a stall and no error, and writes go on after the hold.
 */
@RootTest
class TgtQuiesceTest {
  private static final long MIB = 1 << 20;
  private static final long VOLUME = 1024 * MIB;
  /** 256 MiB of data between the writer's two regions: a copy takes a while to get from one to the other. */
  private static final long DATA_AT = 256 * MIB;
  private static final long DATA = 256 * MIB;
  private static final long BACK_REGION = 768 * MIB;

  @TempDir static Path dir;
  private static TestTgtd tgtd;
  private static final CommandRunner commands = new CommandRunner(Duration.ofMinutes(2));

  @BeforeAll
  static void startTgtd() throws Exception {
    HostParts.requireRootAnd("tgtd", "tgtadm", "qemu-io");
    if (!Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/qemu/block-iscsi.so"))
        && !Files.exists(Path.of("/usr/lib/qemu/block-iscsi.so"))) {
      HostParts.skip("QEMU's iSCSI initiator is missing (apt-get install qemu-block-extra)");
    }
    tgtd = TestTgtd.start(7121, 13321, dir.resolve("tgtd.log"));
  }

  @AfterAll
  static void stopTgtd() throws Exception {
    if (tgtd != null) {
      tgtd.close();
    }
  }

  @Test
  void aCopyUnderTheHoldHoldsAPrefixOfTheWritesAndTheWriterOnlyStalls() throws Exception {
    Path volume = volumeWithData(dir.resolve("vol-consistent"));
    String url = tgtd.export(1, "iqn.2026-12.org.eucalyptus.test:consistent", volume);
    TgtQuiesce quiesce = new TgtQuiesce(commands, tgtd.controlPort());
    FileCopyPointInTime pit = new FileCopyPointInTime(commands, dir.resolve("copies"));
    try (QemuIoWriter writer = new QemuIoWriter(url, BACK_REGION)) {
      Await.until("the writer under way", Duration.ofSeconds(30), () -> writer.acknowledged() >= 300 || !writer.errors().isEmpty());
      long ackedBefore = writer.acknowledged();
      AtomicLong drainNanos = new AtomicLong();
      AtomicLong heldNanos = new AtomicLong();
      long t0 = System.nanoTime();
      PointInTimeCopy copy = pit.take("vol-consistent", volume, () -> {
        long h0 = System.nanoTime();
        PointInTime.Hold hold = quiesce.hold(1);
        long h1 = System.nanoTime();
        drainNanos.set(h1 - h0);
        return () -> {
          heldNanos.set(System.nanoTime() - h0);
          hold.close();
        };
      });
      long took = System.nanoTime() - t0;
      long issuedAfter = writer.issued();
      try (copy) {
        // the hold released: the initiator reconnects and its writes go on
        Await.until("writes after the hold", Duration.ofSeconds(30), () -> writer.acknowledged() >= issuedAfter + 300
            || !writer.errors().isEmpty());
        assertThat(writer.errors()).isEmpty();
        long n = prefixLength(copy.path(), writer.issued());
        assertThat(n).isBetween(ackedBefore, issuedAfter);
        assertThat(sameRegion(copy.path(), volume, DATA_AT, DATA)).as("the data nobody wrote, copied").isTrue();
        long copyMillis = (heldNanos.get() - drainNanos.get()) / 1_000_000;
        System.out.printf("point-in-time copy of a 1 GiB sparse volume with 256 MiB written, under writes: %d ms in"
                + " all, writes held %d ms (draining tgt %d ms, copy %d ms = %.0f MB/s of data written);"
                + " copy holds writes 0..%d; writer's longest write %d ms; initiator notices %s%n",
            took / 1_000_000, heldNanos.get() / 1_000_000, drainNanos.get() / 1_000_000, copyMillis,
            (DATA + n * QemuIoWriter.BLOCK) / 1e6 / (copyMillis / 1e3), n - 1, writer.longestMillis(),
            writer.notices());
      }
    }
  }

  /** The check above can fail: the same copy without the hold is torn (a later write without an earlier). */
  @Test
  void withoutTheHoldTheSameCopyIsTorn() throws Exception {
    Path volume = volumeWithData(dir.resolve("vol-torn"));
    String url = tgtd.export(2, "iqn.2026-12.org.eucalyptus.test:torn", volume);
    FileCopyPointInTime pit = new FileCopyPointInTime(commands, dir.resolve("copies"));
    try (QemuIoWriter writer = new QemuIoWriter(url, BACK_REGION)) {
      Await.until("the writer under way", Duration.ofSeconds(30), () -> writer.acknowledged() >= 300 || !writer.errors().isEmpty());
      boolean torn = false;
      for (int attempt = 0; attempt < 3 && !torn; attempt++) {
        try (PointInTimeCopy copy = pit.take("vol-torn", volume, () -> () -> {})) {
          prefixLength(copy.path(), writer.issued() + 1);
        } catch (AssertionError expected) {
          torn = true;
        }
      }
      assertThat(writer.errors()).isEmpty();
      assertThat(torn).as("a copy taken while writes go on is torn").isTrue();
    }
  }

  @Test
  void aCopyOfAVolumeNothingWritesIsByteIdentical() throws Exception {
    Path volume = volumeWithData(dir.resolve("vol-idle"));
    tgtd.export(3, "iqn.2026-12.org.eucalyptus.test:idle", volume);
    TgtQuiesce quiesce = new TgtQuiesce(commands, tgtd.controlPort());
    try (PointInTimeCopy copy = new FileCopyPointInTime(commands, dir.resolve("copies"))
        .take("vol-idle", volume, () -> quiesce.hold(3))) {
      assertThat(Files.mismatch(volume, copy.path())).isEqualTo(-1L);
    }
    assertThat(state(3)).isEqualTo("ready");
  }

  @Test
  void holdsNestAndAMissingTargetIsRefused() throws Exception {
    Path volume = dir.resolve("vol-nest");
    try (RandomAccessFile f = new RandomAccessFile(volume.toFile(), "rw")) {
      f.setLength(16 * MIB);
    }
    tgtd.export(4, "iqn.2026-12.org.eucalyptus.test:nest", volume);
    TgtQuiesce quiesce = new TgtQuiesce(commands, tgtd.controlPort());
    PointInTime.Hold first = quiesce.hold(4);
    PointInTime.Hold second = quiesce.hold(4);
    assertThat(state(4)).isEqualTo("offline");
    first.close();
    first.close(); // closing twice releases once
    assertThat(state(4)).isEqualTo("offline");
    second.close();
    assertThat(state(4)).isEqualTo("ready");

    quiesce.hold(4); // left open, as by a process killed during a hold
    new TgtQuiesce(commands, tgtd.controlPort()).release(4);
    assertThat(state(4)).isEqualTo("ready");

    assertThatThrownBy(() -> quiesce.hold(99)).isInstanceOf(IOException.class);
  }

  /** The number of steps in the copy, failing if it is not every step below it and none after. */
  private static long prefixLength(Path copy, long steps) throws IOException {
    long n = -1;
    ByteBuffer block = ByteBuffer.allocate(QemuIoWriter.BLOCK);
    try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.READ)) {
      for (long s = 0; s < steps; s++) {
        block.clear();
        ch.read(block, QemuIoWriter.offset(s, BACK_REGION));
        boolean zero = true;
        boolean whole = true;
        for (int i = 0; i < QemuIoWriter.BLOCK; i++) {
          zero &= block.get(i) == 0;
          whole &= block.get(i) == (byte) QemuIoWriter.pattern(s);
        }
        if (!zero && !whole) {
          throw new AssertionError("step " + s + " is in the copy only in part");
        }
        if (zero && n < 0) {
          n = s;
        } else if (!zero && n >= 0) {
          throw new AssertionError("torn: step " + s + " is in the copy, step " + n + " is not");
        }
      }
    }
    return n < 0 ? steps : n;
  }

  /** A 1 GiB sparse volume with 256 MiB of data at 256 MiB, the writer's regions before and after it. */
  private static Path volumeWithData(Path path) throws IOException {
    byte[] mib = new byte[(int) MIB];
    new Random(19).nextBytes(mib);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (long at = DATA_AT; at < DATA_AT + DATA; at += MIB) {
        mib[0] = (byte) (at / MIB); // no two MiB alike
        ch.write(ByteBuffer.wrap(mib), at);
      }
    }
    try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
      f.setLength(VOLUME);
    }
    return path;
  }

  private static boolean sameRegion(Path a, Path b, long at, long length) throws IOException {
    ByteBuffer ba = ByteBuffer.allocate((int) MIB);
    ByteBuffer bb = ByteBuffer.allocate((int) MIB);
    try (FileChannel ca = FileChannel.open(a, StandardOpenOption.READ);
        FileChannel cb = FileChannel.open(b, StandardOpenOption.READ)) {
      for (long p = at; p < at + length; p += MIB) {
        ba.clear();
        bb.clear();
        if (ca.read(ba, p) != MIB || cb.read(bb, p) != MIB || !ba.flip().equals(bb.flip())) {
          return false;
        }
      }
    }
    return true;
  }

  private static String state(int tid) throws Exception {
    String show = tgtd.show();
    int at = show.indexOf("Target " + tid + ": ");
    int state = show.indexOf("State: ", at);
    return show.substring(state + 7, show.indexOf('\n', state)).strip();
  }
}
