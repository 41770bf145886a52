package org.eucalyptus.common.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A request body handed from the event loop to a worker as it arrives. When more than a few chunks
 * wait unread, the connection stops reading from the socket until the worker catches up, so memory
 * stays flat however large the body.
 */
final class BodyStream extends InputStream {
  private static final int HIGH_WATER = 64;
  private static final int LOW_WATER = 16;
  private static final ByteBuf END = io.netty.buffer.Unpooled.EMPTY_BUFFER;
  private static final long READ_TIMEOUT_SECONDS = 300;

  private final Channel channel;
  private final LinkedBlockingQueue<ByteBuf> chunks = new LinkedBlockingQueue<>();
  private ByteBuf current;
  private volatile boolean ended;
  private volatile boolean failed;
  private volatile boolean closed;

  BodyStream(Channel channel) {
    this.channel = channel;
  }

  /** Called on the event loop with each piece of the body (retained). */
  void offer(ByteBuf chunk) {
    if (closed) {
      chunk.release(); // the handler has finished; the rest of the body is not wanted
      return;
    }
    chunks.add(chunk);
    if (chunks.size() > HIGH_WATER) {
      channel.config().setAutoRead(false);
    }
  }

  void end() {
    ended = true;
    chunks.add(END);
  }

  /** The connection broke before the body was whole. */
  void fail() {
    failed = true;
    chunks.add(END);
  }

  boolean complete() {
    return ended;
  }

  private boolean advance() throws IOException {
    while (current == null || !current.isReadable()) {
      if (current != null && current != END) {
        current.release();
      }
      if (current == END) {
        return false;
      }
      try {
        current = chunks.poll(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading the request body");
      }
      if (current == null) {
        throw new IOException("the client stopped sending the request body");
      }
      if (chunks.size() < LOW_WATER && !channel.config().isAutoRead()) {
        channel.config().setAutoRead(true);
      }
      if (current == END) {
        if (failed) {
          throw new IOException("the connection closed before the request body was complete");
        }
        return false;
      }
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    return advance() ? current.readByte() & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!advance()) {
      return -1;
    }
    int n = Math.min(len, current.readableBytes());
    current.readBytes(b, off, n);
    return n;
  }

  /** Releases whatever the handler did not read. */
  @Override
  public void close() {
    closed = true;
    if (current != null && current != END) {
      current.release();
      current = END;
    }
    ByteBuf b;
    while ((b = chunks.poll()) != null) {
      if (b != END) {
        b.release();
      }
    }
    channel.config().setAutoRead(true);
  }
}
