package org.eucalyptus.sc.snapshots;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * One HTTP/1.1 request to Walrus and its answer, on a connection of its own ({@code Connection:
 * close}), over a non-blocking socket: every wait (to connect, to send, to receive) is bounded by
 * the timeout, so a stalled transfer is abandoned without a watchdog thread. A body is sent from
 * its file by sendfile ({@link FileChannel#transferTo}); an answer's body is read into the
 * caller's buffer.
 */
final class WalrusExchange implements AutoCloseable {
  /** An answer's status line and headers (names in lower case). */
  record Head(int status, Map<String, String> headers) {
    long contentLength() {
      String v = headers.get("content-length");
      return v == null ? -1 : Long.parseLong(v.strip());
    }
  }

  private static final int MAX_HEAD = 64 * 1024;
  private static final long SEND_STEP = 8L * 1024 * 1024;

  private final SocketChannel channel;
  private final Selector selector;
  private final long timeoutMs;
  private final String what;
  /** Bytes read past the answer's head: the start of its body. */
  private ByteBuffer early = ByteBuffer.allocate(0);

  WalrusExchange(InetSocketAddress address, Duration timeout, String what) throws IOException {
    this.timeoutMs = Math.max(1, timeout.toMillis());
    this.what = what;
    this.channel = SocketChannel.open();
    try {
      channel.socket().setTcpNoDelay(true);
      channel.socket().connect(address, (int) Math.min(Integer.MAX_VALUE, timeoutMs));
      channel.configureBlocking(false);
      this.selector = Selector.open();
    } catch (IOException e) {
      channel.close();
      throw new IOException(what + ": cannot connect to Walrus at " + address + ": " + e.getMessage(), e);
    }
  }

  /** Sends the request line and headers. */
  void sendHead(String method, String path, Map<String, String> headers) throws IOException {
    StringBuilder b = new StringBuilder(1024).append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
    b.append("Connection: close\r\n\r\n");
    ByteBuffer buf = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      if (channel.write(buf) == 0) {
        await(SelectionKey.OP_WRITE, "sending the request");
      }
    }
  }

  /**
   * Sends {@code length} bytes of {@code file} as the body. Stops early, returning false, when
   * Walrus answers before the body is all sent (it refused the request); true when all went.
   */
  boolean sendBody(FileChannel file, long length, LongConsumer sent) throws IOException {
    long pos = 0;
    long idleSince = System.nanoTime();
    while (pos < length) {
      long n;
      try {
        n = file.transferTo(pos, Math.min(SEND_STEP, length - pos), channel);
      } catch (IOException e) {
        // Walrus closed the connection: it may have said why first.
        return false;
      }
      if (n > 0) {
        pos += n;
        sent.accept(n);
        idleSince = System.nanoTime();
        continue;
      }
      if (System.nanoTime() - idleSince > timeoutMs * 1_000_000L) {
        throw new SocketTimeoutException(what + ": stalled while sending the body (nothing for " + timeoutMs + " ms)");
      }
      // Wait for room (or Walrus's early answer), but never longer than a second before trying the
      // socket again: a readiness the selector misses must cost a second, not the whole timeout
      // (an upload was seen waiting minutes on a socket with nothing queued either way).
      if (awaitBriefly(SelectionKey.OP_WRITE | SelectionKey.OP_READ) == SelectionKey.OP_READ) {
        return false;
      }
    }
    return true;
  }

  /** Like {@link #await}, for at most a second; 0 when nothing became ready in that time. */
  private int awaitBriefly(int ops) throws IOException {
    SelectionKey key = channel.register(selector, ops);
    try {
      if (selector.select(Math.min(1000, timeoutMs)) == 0) {
        return 0;
      }
      int ready = key.readyOps();
      selector.selectedKeys().clear();
      return (ready & SelectionKey.OP_READ) != 0 ? SelectionKey.OP_READ : ready;
    } finally {
      key.interestOps(0);
    }
  }

  /** Reads the answer's status line and headers. */
  Head readHead() throws IOException {
    byte[] bytes = new byte[MAX_HEAD];
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int end;
    while ((end = headEnd(bytes, buf.position())) < 0) {
      if (!buf.hasRemaining()) {
        throw new IOException(what + ": Walrus's answer has a head over " + MAX_HEAD + " bytes");
      }
      if (fill(buf) < 0) {
        throw new IOException(what + ": Walrus closed the connection without an answer");
      }
    }
    String text = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    buf.flip().position(end + 4);
    early = buf.slice();
    String[] lines = text.split("\r\n");
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
      throw new IOException(what + ": Walrus's answer is not HTTP: " + lines[0]);
    }
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
      }
    }
    return new Head(Integer.parseInt(status[1]), headers);
  }

  /**
   * Reads body bytes into {@code into} (from its position up to its limit); -1 at the end of the
   * connection. Waits at most the timeout for the first byte.
   */
  int read(ByteBuffer into) throws IOException {
    if (early.hasRemaining()) {
      int n = Math.min(early.remaining(), into.remaining());
      ByteBuffer part = early.slice().limit(n);
      into.put(part);
      early.position(early.position() + n);
      return n;
    }
    return fill(into);
  }

  /** The rest of a short body (an error document), at most 64 KiB. */
  String readSmallBody() throws IOException {
    byte[] bytes = new byte[64 * 1024];
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    while (buf.hasRemaining() && read(buf) >= 0) {
      // until the end or the limit
    }
    return new String(bytes, 0, buf.position(), StandardCharsets.UTF_8);
  }

  private int fill(ByteBuffer into) throws IOException {
    while (true) {
      int n = channel.read(into);
      if (n != 0) {
        return n;
      }
      await(SelectionKey.OP_READ, "receiving");
    }
  }

  /** Waits until the channel is ready for one of {@code ops}; returns the ones ready; throws after the timeout. */
  private int await(int ops, String doing) throws IOException {
    SelectionKey key = channel.register(selector, ops);
    try {
      if (selector.select(timeoutMs) == 0) {
        throw new SocketTimeoutException(what + ": stalled while " + doing + " (nothing for " + timeoutMs + " ms)");
      }
      int ready = key.readyOps();
      selector.selectedKeys().clear();
      return (ready & SelectionKey.OP_READ) != 0 ? SelectionKey.OP_READ : ready;
    } finally {
      key.interestOps(0);
    }
  }

  private static int headEnd(byte[] a, int filled) {
    for (int i = 3; i < filled; i++) {
      if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
        return i - 3;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    try {
      selector.close();
    } finally {
      channel.close();
    }
  }
}
