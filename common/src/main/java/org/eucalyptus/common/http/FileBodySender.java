package org.eucalyptus.common.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Sends a region of a file as a response body, prepared by the worker thread that made the response. The
 * event loop sends the bytes with sendfile, which blocks its thread on the disk when they are not in
 * the page cache; with two event loops, two cold reads would stall every other connection. So the
 * worker first reads the body's start (into a scratch buffer, which brings it into the page cache,
 * with as many disk reads in flight as there are requests), and that read also starts the kernel's
 * sequential read-ahead, which sendfile keeps going for the rest of a large body. On a cached body it
 * costs one copy in memory of at most {@link #FIRST} bytes.
 */
final class FileBodySender {
  private static final Logger LOG = LogManager.getLogger(FileBodySender.class);
  /** How much of a body the worker reads before handing it over: a whole small object, a large one's start. */
  static final int FIRST = 4 * 1024 * 1024;
  private static final int SCRATCH = 1024 * 1024;

  private final ThreadLocal<ByteBuffer> scratch = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SCRATCH));

  /**
   * On the worker: opens {@code file} and reads the start of the region into the page cache. The file
   * is opened here, so the body is the one the response was made for even if the file is replaced or
   * removed meanwhile.
   */
  FileChannel open(Path file, long offset, long length) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      readIntoCache(ch, offset, Math.min(FIRST, length));
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return ch;
  }

  /**
   * On the event loop: queues the region of a file {@link #open} opened and returns the write's
   * future; the caller flushes it with the response's end (flushed alone, the client could have the
   * whole body, and send its next request, before the end is queued).
   */
  ChannelFuture write(ChannelHandlerContext ctx, FileChannel ch, Path file, long offset, long length) {
    // Over TLS the bytes must pass through the encryption: read in pieces (ChunkedWriteHandler, before
    // the TLS handler, reads each as the connection can take it). Else the kernel sends them (sendfile).
    // Either closes ch once sent.
    ChannelFuture sent;
    if (ctx.pipeline().get(SslHandler.class) != null) {
      try {
        sent = ctx.write(new ChunkedNioFile(ch, offset, length, 256 * 1024));
      } catch (IOException e) {
        closeQuietly(ch);
        sent = ctx.newFailedFuture(e);
      }
    } else {
      sent = ctx.write(new DefaultFileRegion(ch, offset, length));
    }
    sent.addListener(f -> {
      if (!f.isSuccess()) {
        // A body cut short: the connection must end, or its client waits for the rest for ever.
        LOG.warn("cannot send {}: {}", file, f.cause().toString());
        ctx.close();
      }
    });
    return sent;
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      LOG.debug("closing a body's file: {}", e.toString());
    }
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
