package org.eucalyptus.common.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A client on a bare socket, for what HTTP libraries will not do: pipelining, dribbling, bad framing. */
final class RawHttp implements AutoCloseable {
  /** One answer as it came off the wire. */
  record Answer(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttp(int port) throws IOException {
    this(port, null);
  }

  /** @param from the local address to connect from (another 127.x.y.z is another client), or null */
  RawHttp(int port, String from) throws IOException {
    socket = new Socket();
    if (from != null) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(20_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  RawHttp timeout(int millis) throws SocketException {
    socket.setSoTimeout(millis);
    return this;
  }

  RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Reads one answer (a body of Content-Length bytes; none for HEAD, when {@code head}). */
  Answer read(boolean head) throws IOException {
    String status = line();
    if (status == null) {
      throw new IOException("connection closed before an answer");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(); !l.isEmpty(); l = line()) {
      int c = l.indexOf(':');
      headers.put(l.substring(0, c).strip().toLowerCase(Locale.ROOT), l.substring(c + 1).strip());
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    if (code == 100) {
      return read(head);
    }
    int len = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(len);
    if (body.length < len) {
      throw new IOException("body cut short: " + body.length + " of " + len);
    }
    return new Answer(code, headers, body);
  }

  Answer read() throws IOException {
    return read(false);
  }

  /** Whether the server has closed the connection (reading its end, or a reset). */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketException e) {
      return true; // reset
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c; (c = in.read()) >= 0; ) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    if (b.size() == 0) {
      return null;
    }
    throw new IOException("connection closed in the middle of a line");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
