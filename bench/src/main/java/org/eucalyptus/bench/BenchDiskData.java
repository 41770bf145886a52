package org.eucalyptus.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.exec.CommandRunner.CommandException;

/**
 * What bench/ebs puts on a disk before the guest sees it: the header that makes the test guest
 * benchmark the disk, then {@code mib} MiB of non-zero bytes past the first MiB (written, so neither a
 * sparse file nor a qcow2 cluster answers zeros without reading), and none of it left in the host's
 * page cache, so the guest's first read comes from the storage on both disks alike.
 */
final class BenchDiskData {
  static final int MIB = 1 << 20;
  private final CommandRunner runner;

  BenchDiskData(CommandRunner runner) {
    this.runner = runner;
  }

  /** Header and data written into {@code file} (which keeps its size if larger), flushed. */
  void fill(Path file, int mib) throws IOException {
    ByteBuffer block = ByteBuffer.allocate(MIB);
    for (int i = 0; i < MIB; i++) {
      block.put((byte) (i * 31 + 7));
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
      ch.write(ByteBuffer.wrap(String.format("EUCA-BENCH-%05d", mib).getBytes(StandardCharsets.US_ASCII)), 0);
      for (long at = MIB; at < (long) (mib + 1) * MIB; at += MIB) {
        block.rewind();
        while (block.hasRemaining()) {
          ch.write(block, at + block.position());
        }
      }
      ch.force(true);
    }
  }

  /**
   * The file's pages dropped from the host's page cache (flushed first: only clean pages go).
   * GNU dd's {@code iflag=nocache count=0} advises the kernel to drop the whole file's cache.
   */
  void dropFromPageCache(Path file) throws IOException, CommandException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    runner.run("dd", "if=" + file, "iflag=nocache", "count=0", "status=none");
  }
}
