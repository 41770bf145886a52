package org.eucalyptus.walrus.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Writes a large upload to its file on another thread, so that hashing the body (MD5 for the ETag,
 * the slowest step of a PUT) and writing it overlap. The caller's bytes are copied into a few
 * buffers that circulate between the two threads; memory stays at {@code BUFFERS × BUFFER_SIZE}
 * whatever the object's size. Every {@code SYNC_EVERY} bytes a third thread asks the disk to take
 * what is written so far (fdatasync), so the disk works while the body still arrives and the final
 * sync has only the tail to do: a large PUT costs about the disk's time, not the network's plus the
 * disk's. The buffers come from {@link DiskWrites}, aligned for direct writes; the last is padded to
 * a whole block, which the caller cuts off after {@link #finish}.
 */
final class PipelinedFileWriter implements AutoCloseable {
  private static final int BUFFERS = 4;
  private static final ByteBuffer END = ByteBuffer.allocate(0);
  private static final long SYNC_EVERY = 32L * 1024 * 1024;

  private final FileChannel out;
  private final DiskWrites writes;
  private final java.util.List<ByteBuffer> owned = new java.util.ArrayList<>();
  private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
  private final BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(BUFFERS + 1);
  private final Future<?> writer;
  private ByteBuffer filling;
  /** The early sync under way, if any (at most one at a time). */
  private volatile Future<?> syncing;

  PipelinedFileWriter(FileChannel out, ExecutorService threads, DiskWrites writes) {
    this.out = out;
    this.writes = writes;
    for (int i = 0; i < BUFFERS; i++) {
      ByteBuffer b = writes.take();
      owned.add(b);
      free.add(b);
    }
    this.writer = threads.submit(() -> {
      long unsynced = 0;
      for (ByteBuffer b = full.take(); !isEnd(b); b = full.take()) {
        unsynced += b.remaining();
        DiskWrites.writeFully(out, b);
        b.clear();
        free.add(b);
        Future<?> s = syncing;
        if (unsynced >= SYNC_EVERY && (s == null || s.isDone())) {
          syncing = threads.submit(() -> {
            out.force(false);
            return null;
          });
          unsynced = 0;
        }
      }
      return null;
    });
  }

  /** Queues {@code src}'s bytes for writing (copying them), waiting only when every buffer is in flight. */
  void write(ByteBuffer src) throws IOException {
    while (src.hasRemaining()) {
      if (filling == null) {
        filling = take();
      }
      int n = Math.min(src.remaining(), filling.remaining());
      ByteBuffer slice = src.slice(src.position(), n);
      filling.put(slice);
      src.position(src.position() + n);
      if (!filling.hasRemaining()) {
        hand(filling);
        filling = null;
      }
    }
  }

  private ByteBuffer take() throws IOException {
    try {
      while (true) {
        ByteBuffer b = free.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (b != null) {
          return b;
        }
        if (writer.isDone()) {
          finish(); // the writer failed: say why
          throw new IOException("the file writer stopped");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing", e);
    }
  }

  private void hand(ByteBuffer b) throws IOException {
    writes.prepare(b);
    try {
      full.put(b);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing", e);
    }
  }

  @SuppressWarnings("ReferenceEquality") // END is an identity sentinel queued after the last buffer
  private static boolean isEnd(ByteBuffer b) {
    return b == END;
  }

  /** Writes what is still buffered and waits until everything is in the file. */
  void finish() throws IOException {
    try {
      if (filling != null && !writer.isDone()) {
        hand(filling);
        filling = null;
      }
      if (!writer.isDone()) {
        full.put(END);
      }
      writer.get();
      Future<?> s = syncing;
      if (s != null) {
        s.get(); // its failure is the write's failure; the caller's own sync then takes the tail
      }
      // Only now is no thread using the buffers; after a failure they are left to the collector.
      owned.forEach(writes::give);
      owned.clear();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  /** Stops the writer if it still runs (after a failure on the caller's side). */
  @Override
  public void close() {
    writer.cancel(true);
    Future<?> s = syncing;
    if (s != null) {
      s.cancel(false);
    }
  }

  FileChannel channel() {
    return out;
  }
}
