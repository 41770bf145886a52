package org.eucalyptus.common.http;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A request body handed from the event loop to a worker as it arrives. When more than a few chunks
 * wait unread, the connection stops reading from the socket until the worker catches up, so memory
 * stays flat however large the body.
 */
final class BodyStream extends InputStream implements PieceSource {
  /** Bytes queued per connection before the socket stops being read, and when reading resumes. */
  private static final long HIGH_WATER = 4 * 1024 * 1024;
  private static final long LOW_WATER = 1024 * 1024;
  private static final ByteBuf END = io.netty.buffer.Unpooled.EMPTY_BUFFER;
  private static final long READ_TIMEOUT_SECONDS = 300;

  private final ReadGate gate;
  private final LinkedBlockingQueue<ByteBuf> chunks = new LinkedBlockingQueue<>();
  private final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
  private ByteBuf current;
  private volatile boolean ended;
  private volatile boolean failed;
  private volatile boolean closed;

  BodyStream(ReadGate gate) {
    this.gate = gate;
  }

  /** Called on the event loop with each piece of the body (retained). */
  void offer(ByteBuf chunk) {
    if (closed) {
      chunk.release(); // the handler has finished; the rest of the body is not wanted
      return;
    }
    chunks.add(chunk);
    if (queued.addAndGet(chunk.readableBytes()) > HIGH_WATER) {
      gate.close(ReadGate.BODY_QUEUE);
      // The handler may have drained the queue between the count above and the close, its taken()
      // opening a gate not yet closed: look again, or the socket is never read again (a lost
      // wakeup that stalled 1 GiB snapshot uploads). Each side acts on the counter after its own
      // change, so either order ends with the gate open while little is queued.
      if (queued.get() < LOW_WATER) {
        gate.open(ReadGate.BODY_QUEUE);
      }
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

  /** The body will never be whole: its connection broke, or its framing was malformed. */
  boolean broken() {
    return failed;
  }

  private boolean advance() throws IOException {
    while (current == null || !current.isReadable()) {
      if (current != null && !isEnd(current)) {
        current.release();
      }
      if (isEnd(current)) {
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
      taken(current);
      if (isEnd(current)) {
        if (failed) {
          throw new IOException("the connection closed before the request body was complete");
        }
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean nextPiece(PieceSink sink) throws IOException {
    if (!advance()) {
      return false;
    }
    // A composite buffer's nioBuffer() may copy; the pieces the HTTP decoder hands us are single slices.
    java.nio.ByteBuffer piece = current.nioBuffer();
    current.skipBytes(current.readableBytes());
    sink.accept(piece);
    return true;
  }

  /** A piece left the queue: resume reading the socket once little is left. */
  private void taken(ByteBuf piece) {
    if (queued.addAndGet(-piece.readableBytes()) < LOW_WATER) {
      gate.open(ReadGate.BODY_QUEUE);
    }
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
    // Fill what the caller asked for from the pieces already here, without waiting for more.
    int n = 0;
    while (true) {
      int c = Math.min(len - n, current.readableBytes());
      current.readBytes(b, off + n, c);
      n += c;
      if (n == len || !nextIfQueued()) {
        return n;
      }
    }
  }

  /** Moves to the next piece if one has arrived already (and is not the end). */
  private boolean nextIfQueued() {
    if (current.isReadable()) {
      return true;
    }
    ByteBuf next = chunks.peek();
    if (next == null || isEnd(next)) {
      return false;
    }
    current.release();
    current = chunks.poll();
    taken(current);
    return true;
  }

  @SuppressWarnings("ReferenceEquality") // END is an identity sentinel queued after the last piece
  private static boolean isEnd(ByteBuf b) {
    return b == END;
  }

  /** Releases whatever the handler did not read. */
  @Override
  public void close() {
    closed = true;
    if (current != null && !isEnd(current)) {
      current.release();
      current = END;
    }
    ByteBuf b;
    while ((b = chunks.poll()) != null) {
      if (!isEnd(b)) {
        b.release();
      }
    }
    gate.open(ReadGate.BODY_QUEUE);
  }
}
