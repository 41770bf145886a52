package org.eucalyptus.tools.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One request written byte for byte on a connection of its own, for what an HTTP client would not send. */
final class RawHttp {
  /** An answer; status 0 when the server closed or did not answer within the timeout. */
  record Answer(int status, String contentType, byte[] body, boolean timedOut) {}

  private RawHttp() {}

  static Answer send(int port, byte[] request, int timeoutMillis) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(timeoutMillis);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      try {
        int c;
        while ((c = in.read()) >= 0) {
          head.write(c);
          byte[] h = head.toByteArray();
          if (h.length >= 4 && h[h.length - 4] == '\r' && h[h.length - 3] == '\n' && h[h.length - 2] == '\r'
              && h[h.length - 1] == '\n') {
            break;
          }
        }
      } catch (SocketTimeoutException e) {
        return new Answer(0, null, new byte[0], true);
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      if (text.isEmpty()) {
        return new Answer(0, null, new byte[0], false);
      }
      String[] first = text.split("\r\n", 2)[0].split(" ");
      int status = first.length > 1 ? Integer.parseInt(first[1]) : 0;
      int length = -1;
      String type = null;
      boolean chunked = false;
      for (String line : text.split("\r\n")) {
        String l = line.toLowerCase(Locale.ROOT);
        if (l.startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).strip());
        } else if (l.startsWith("content-type:")) {
          type = line.substring(13).strip();
        } else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) {
          chunked = true;
        }
      }
      byte[] body;
      try {
        body = chunked ? dechunk(in) : length >= 0 ? in.readNBytes(length) : new byte[0];
      } catch (SocketTimeoutException e) {
        return new Answer(status, type, new byte[0], true);
      }
      return new Answer(status, type, body, false);
    }
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      int size = Integer.parseInt(line.toString().split(";")[0].strip(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(size));
      in.readNBytes(2);
    }
  }
}
