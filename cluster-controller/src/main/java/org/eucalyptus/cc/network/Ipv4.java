package org.eucalyptus.cc.network;

/** IPv4 addresses as ints, and the few conversions the network plan needs. */
public final class Ipv4 {
  private Ipv4() {}

  public static int parse(String dotted) {
    if (dotted == null) {
      throw new IllegalArgumentException("an IPv4 address is missing");
    }
    String[] p = dotted.trim().split("\\.");
    if (p.length != 4) {
      throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
    }
    int v = 0;
    for (String s : p) {
      int b;
      try {
        b = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
      }
      if (b < 0 || b > 255) {
        throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
      }
      v = v << 8 | b;
    }
    return v;
  }

  public static String format(int v) {
    return (v >>> 24) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff);
  }

  /** The prefix length of a netmask such as 255.255.0.0; refuses masks with holes. */
  public static int prefixOf(String netmask) {
    int m = parse(netmask);
    int prefix = Integer.bitCount(m);
    if ((prefix > 0 && m != -1 << (32 - prefix)) || (prefix == 0 && m != 0)) {
      throw new IllegalArgumentException("'" + netmask + "' is not a netmask");
    }
    return prefix;
  }

  public static String netmask(int prefix) {
    return format(prefix == 0 ? 0 : -1 << (32 - prefix));
  }

  /** "a.b.c.d/p" for an address and prefix length. */
  public static String cidr(int address, int prefix) {
    return format(address) + "/" + prefix;
  }
}
