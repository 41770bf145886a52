package org.eucalyptus.cc.network;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The MAC of an instance in MANAGED modes: the cloud's two-byte prefix (VNET_MACPREFIX, the CLC's
 * cloud.vmstate.mac_prefix) and the four bytes of its private address, so an address always comes
 * with the same MAC. A DHCP lease, which binds an address to a MAC for its hour, then still fits
 * the next instance given the address after its last holder ended.
 */
public final class InstanceMacs {
  private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{2}:[0-9a-f]{2}");

  private InstanceMacs() {}

  /** {@code prefix} (two hex bytes, {@code d0:0d}) followed by the address's four bytes. */
  public static String forAddress(String prefix, String address) {
    String p = prefix.toLowerCase(Locale.ROOT);
    if (!PREFIX.matcher(p).matches()) {
      throw new IllegalArgumentException("a MAC prefix is two hex bytes such as d0:0d, not '" + prefix + "'");
    }
    int a = Ipv4.parse(address);
    return String.format(Locale.ROOT, "%s:%02x:%02x:%02x:%02x", p, a >>> 24, (a >>> 16) & 0xff, (a >>> 8) & 0xff,
        a & 0xff);
  }

  /** The first two bytes of {@code mac}, or {@code fallback} if it is not a MAC. */
  public static String prefixOf(String mac, String fallback) {
    if (mac != null && mac.length() == 17 && PREFIX.matcher(mac.substring(0, 5).toLowerCase(Locale.ROOT)).matches()) {
      return mac.substring(0, 5).toLowerCase(Locale.ROOT);
    }
    return fallback;
  }
}
