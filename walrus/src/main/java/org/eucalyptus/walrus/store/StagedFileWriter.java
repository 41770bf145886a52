package org.eucalyptus.walrus.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes a body to its file on the caller's thread through one staging buffer, written each time
 * it is full: what direct writes need (whole aligned blocks), at the cost of one copy in memory that
 * stays in the CPU's cache.
 */
final class StagedFileWriter implements AutoCloseable {
  private final FileChannel out;
  private final DiskWrites writes;
  private ByteBuffer stage;

  StagedFileWriter(FileChannel out, DiskWrites writes) {
    this.out = out;
    this.writes = writes;
    this.stage = writes.take();
  }

  /** Copies {@code src}'s bytes in, writing the buffer each time it fills. */
  void write(ByteBuffer src) throws IOException {
    while (src.hasRemaining()) {
      int n = Math.min(src.remaining(), stage.remaining());
      stage.put(src.slice(src.position(), n));
      src.position(src.position() + n);
      if (!stage.hasRemaining()) {
        stage.flip();
        DiskWrites.writeFully(out, stage);
        stage.clear();
      }
    }
  }

  /**
   * Hands what is staged but not yet written to {@code next}, which carries on writing the file
   * from here (the file's length so far is a whole number of buffers, so still block-aligned).
   */
  void handOver(PipelinedFileWriter next) throws IOException {
    stage.flip();
    next.write(stage);
    close();
  }

  /** Writes the last, partly filled buffer (padded to a whole block for direct writes). */
  void finish() throws IOException {
    if (stage.position() > 0) {
      writes.prepare(stage);
      DiskWrites.writeFully(out, stage);
    }
    close();
  }

  @Override
  public void close() {
    if (stage != null) {
      writes.give(stage);
      stage = null;
    }
  }
}
