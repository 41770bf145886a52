package org.eucalyptus.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client on one kept-alive connection, for benchmarks: it writes a body from a
 * caller's stream in large writes and reads a response body into nothing, so that what is
 * measured is the server, not the client's own copying. Not thread-safe: one per client thread.
 */
final class RawHttpClient implements AutoCloseable {
  private final InetSocketAddress address;
  private final int readTimeoutMs;
  private int connects;
  private long longestConnectNanos;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  /** A response: status, the body's length and, when kept, the body (small responses only). */
  record Response(int status, long length, byte[] body) {}

  RawHttpClient(URI endpoint) {
    this(endpoint, 600_000);
  }

  /** A client that gives up on a response after {@code readTimeoutMs} without a byte. */
  RawHttpClient(URI endpoint, int readTimeoutMs) {
    this.address = new InetSocketAddress(endpoint.getHost(), endpoint.getPort());
    this.readTimeoutMs = readTimeoutMs;
  }

  private void connect() throws IOException {
    if (socket == null || socket.isClosed()) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSendBufferSize(1 << 20);
      socket.setReceiveBufferSize(1 << 20);
      long t0 = System.nanoTime();
      socket.connect(address, Math.min(10_000, readTimeoutMs));
      connects++;
      longestConnectNanos = Math.max(longestConnectNanos, System.nanoTime() - t0);
      socket.setSoTimeout(readTimeoutMs);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 256 * 1024);
    }
  }

  /**
   * Sends a request and reads its response.
   *
   * @param body the body's bytes, or null for none
   * @param keepBody whether to return the response body (else it is read and dropped)
   */
  Response send(String method, URI uri, Map<String, String> headers, InputStream body, long length, boolean keepBody)
      throws IOException {
    connect();
    StringBuilder h = new StringBuilder(method).append(' ').append(uri.getRawPath());
    if (uri.getRawQuery() != null) {
      h.append('?').append(uri.getRawQuery());
    }
    h.append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
    headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
    h.append("Content-Length: ").append(body == null ? 0 : length).append("\r\n\r\n");
    try {
      out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
      if (body != null) {
        byte[] buf = new byte[1024 * 1024];
        long left = length;
        while (left > 0) {
          int n = body.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) {
            throw new IOException("the body ended early");
          }
          out.write(buf, 0, n);
          left -= n;
        }
      }
      out.flush();
      return readResponse(method.equals("HEAD"), keepBody);
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private Response readResponse(boolean head, boolean keepBody) throws IOException {
    String status = line();
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + status);
    }
    int code = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = false;
    for (String l = line(); !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = l.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closeAfter = value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    ByteArrayOutputStream kept = keepBody ? new ByteArrayOutputStream() : null;
    long read = 0;
    if (!head && code != 204 && code != 304) {
      if (chunked) {
        for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
          read += copy(size, kept);
          line();
        }
        while (!line().isEmpty()) {
          // trailers
        }
      } else if (length >= 0) {
        read = copy(length, kept);
      } else {
        read = copy(Long.MAX_VALUE, kept);
        closeAfter = true;
      }
    }
    if (closeAfter) {
      close();
    }
    return new Response(code, read, kept == null ? null : kept.toByteArray());
  }

  private final byte[] sink = new byte[256 * 1024];

  private long copy(long n, ByteArrayOutputStream kept) throws IOException {
    long done = 0;
    while (done < n) {
      int r = in.read(sink, 0, (int) Math.min(sink.length, n - done));
      if (r < 0) {
        if (n == Long.MAX_VALUE) {
          return done;
        }
        throw new IOException("the response ended after " + done + " of " + n + " bytes");
      }
      if (kept != null) {
        kept.write(sink, 0, r);
      }
      done += r;
    }
    return done;
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        throw new IOException("the connection closed mid-response");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  /** Connections opened so far. */
  int connects() {
    return connects;
  }

  void resetLongestConnect() {
    longestConnectNanos = 0;
  }

  /** The longest time a connection took to open since {@link #resetLongestConnect()}. */
  long longestConnectNanos() {
    return longestConnectNanos;
  }

  @Override
  public void close() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ignored) {
      // closing
    }
    socket = null;
  }
}
