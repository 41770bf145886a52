package org.eucalyptus.common.policy;

/**
 * IP address literals and CIDR blocks, read by hand: never a name lookup (InetAddress would ask
 * DNS about "cafe"), no regex. An IPv4-mapped IPv6 address (::ffff:10.0.0.1, as a dual-stack
 * socket reports an IPv4 client) reads as the IPv4 address; a zone (%eth0) is ignored.
 */
final class IpAddresses {
  private IpAddresses() {}

  /** An address block: the network's bytes (4 or 16) and how many leading bits must match. */
  record Block(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address == null || address.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (network[i] != address[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (network[full] & mask) == (address[full] & mask);
    }
  }

  /** {@code a.b.c.d/n}, an IPv6 prefix, or one address (all its bits); null if it is none of them. */
  static Block block(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    byte[] net = address(slash < 0 ? t : t.substring(0, slash));
    if (net == null) {
      return null;
    }
    int max = net.length * 8;
    if (slash < 0) {
      return new Block(net, max);
    }
    String bits = t.substring(slash + 1);
    if (bits.isEmpty() || bits.length() > 3 || !digits(bits)) {
      return null;
    }
    int n = Integer.parseInt(bits);
    return n > max ? null : new Block(net, n);
  }

  /** The bytes of an address literal (4 for IPv4, 16 for IPv6), or null. */
  static byte[] address(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    int zone = t.indexOf('%');
    if (zone >= 0) {
      t = t.substring(0, zone);
    }
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    if (t.indexOf(':') < 0) {
      return ipv4(t);
    }
    byte[] v6 = ipv6(t);
    if (v6 != null && mappedIpv4(v6)) {
      return new byte[] {v6[12], v6[13], v6[14], v6[15]};
    }
    return v6;
  }

  private static boolean mappedIpv4(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  private static byte[] ipv4(String t) {
    byte[] out = new byte[4];
    int part = 0;
    int start = 0;
    for (int i = 0; i <= t.length(); i++) {
      if (i == t.length() || t.charAt(i) == '.') {
        String s = t.substring(start, i);
        if (part > 3 || s.isEmpty() || s.length() > 3 || !digits(s)) {
          return null;
        }
        int v = Integer.parseInt(s);
        if (v > 255) {
          return null;
        }
        out[part++] = (byte) v;
        start = i + 1;
      }
    }
    return part == 4 ? out : null;
  }

  private static byte[] ipv6(String t) {
    int gap = t.indexOf("::");
    if (gap >= 0 && t.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = groups(gap < 0 ? t : t.substring(0, gap));
    int[] tail = gap < 0 ? new int[0] : groups(t.substring(gap + 2));
    if (head == null || tail == null) {
      return null;
    }
    int total = head.length + tail.length;
    if (gap < 0 ? total != 8 : total > 7) {
      return null;
    }
    int[] all = new int[8];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (all[i] >> 8);
      out[2 * i + 1] = (byte) all[i];
    }
    return out;
  }

  /** Colon-separated 16-bit hex groups, the last one possibly a dotted IPv4 (two groups); null if malformed. */
  private static int[] groups(String s) {
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(":", -1);
    int last = parts.length - 1;
    boolean dotted = parts[last].indexOf('.') >= 0;
    int[] out = new int[parts.length + (dotted ? 1 : 0)];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == last && dotted) {
        byte[] v4 = ipv4(p);
        if (v4 == null) {
          return null;
        }
        out[i] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
        out[i + 1] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
      } else {
        if (p.isEmpty() || p.length() > 4) {
          return null;
        }
        int v = 0;
        for (int c = 0; c < p.length(); c++) {
          int d = Character.digit(p.charAt(c), 16);
          if (d < 0) {
            return null;
          }
          v = v * 16 + d;
        }
        out[i] = v;
      }
    }
    return out;
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
