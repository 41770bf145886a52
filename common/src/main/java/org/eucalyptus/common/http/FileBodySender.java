package org.eucalyptus.common.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Sends a region of a file as a response body, from the worker thread that made the response. The
 * event loop sends the bytes with sendfile, which blocks its thread on the disk when they are not in
 * the page cache; with two event loops, two cold reads would stall every other connection. So the
 * worker reads each segment first (into a scratch buffer, which brings it into the page cache, with
 * as many disk reads in flight as there are requests) and only then hands it to the event loop, one
 * segment ahead of what is being sent. On data already cached that costs one copy in memory.
 */
final class FileBodySender {
  private static final Logger LOG = LogManager.getLogger(FileBodySender.class);
  /** Read ahead of the sender by this much: large enough for the disk's read-ahead, small enough to stay cached. */
  static final int SEGMENT = 4 * 1024 * 1024;
  private static final int SCRATCH = 1024 * 1024;

  private final ThreadLocal<ByteBuffer> scratch = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SCRATCH));

  /**
   * Writes {@code length} bytes of {@code file} from {@code offset} and returns the future of the
   * last write, which the caller flushes with the response's last content. Blocks until all but the last segment have been sent. Each segment's file is opened
   * here, before it is read, so a body that fits one segment is the one the response was made for
   * even if the file is replaced or removed meanwhile.
   */
  ChannelFuture send(ChannelHandlerContext ctx, Path file, long offset, long length) throws IOException,
      InterruptedException {
    ChannelFuture previous = null;
    ChannelFuture last = null;
    for (long pos = offset, end = offset + length; pos < end; ) {
      long n = Math.min(SEGMENT, end - pos);
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
      try {
        readIntoCache(ch, pos, n);
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      if (previous != null) {
        // At most one segment waits behind the one being sent.
        previous.await();
        if (!previous.isSuccess()) {
          ch.close();
          return previous;
        }
      }
      previous = last;
      DefaultFileRegion region = new DefaultFileRegion(ch, pos, n); // closes ch once sent
      // The last segment is flushed with the response's end by the caller: were it flushed alone, the
      // client could have the whole body, and send its next request, before the end is queued.
      last = pos + n < end ? ctx.writeAndFlush(region) : ctx.write(region);
      last.addListener(f -> {
        if (!f.isSuccess()) {
          // A body cut short: the connection must end, or its client waits for the rest for ever.
          LOG.warn("cannot send {}: {}", file, f.cause().toString());
          ctx.close();
        }
      });
      pos += n;
    }
    return last;
  }

  private void readIntoCache(FileChannel ch, long pos, long n) throws IOException {
    ByteBuffer b = scratch.get();
    for (long done = 0; done < n; ) {
      b.clear().limit((int) Math.min(b.capacity(), n - done));
      int r = ch.read(b, pos + done);
      if (r < 0) {
        throw new IOException("file ended " + (n - done) + " bytes early");
      }
      done += r;
    }
  }
}
