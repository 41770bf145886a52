package org.eucalyptus.common.net;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The MACs the cloud gives instances: the cloud's two-byte prefix (VNET_MACPREFIX, the CLC's
 * cloud.vmstate.mac_prefix) followed by four bytes, taken from the instance id (the CLC's choice at
 * launch, as 3.1) or, in MANAGED modes, from the private address, so that an address always comes
 * with the same MAC and a DHCP lease still fits the address's next holder.
 */
public final class MacAddresses {
  private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{2}:[0-9a-f]{2}");

  private MacAddresses() {}

  /** {@code prefix} followed by the first four bytes of the id's hex part ({@code i-0a1b2c3d}), zero-padded. */
  public static String forInstance(String prefix, String instanceId) {
    String p = checkedPrefix(prefix);
    int dash = instanceId.indexOf('-');
    String hex = (instanceId.substring(dash + 1) + "00000000").substring(0, 8).toLowerCase(Locale.ROOT);
    return p + ":" + hex.substring(0, 2) + ":" + hex.substring(2, 4) + ":" + hex.substring(4, 6) + ":"
        + hex.substring(6, 8);
  }

  /** {@code prefix} (two hex bytes, {@code d0:0d}) followed by the IPv4 address's four bytes. */
  public static String forAddress(String prefix, String address) {
    String p = checkedPrefix(prefix);
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: '" + address + "'");
    }
    StringBuilder mac = new StringBuilder(p);
    for (String part : parts) {
      int b;
      try {
        b = Integer.parseInt(part);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an IPv4 address: '" + address + "'", e);
      }
      if (b < 0 || b > 255) {
        throw new IllegalArgumentException("not an IPv4 address: '" + address + "'");
      }
      mac.append(String.format(Locale.ROOT, ":%02x", b));
    }
    return mac.toString();
  }

  /** The first two bytes of {@code mac}, or {@code fallback} if it is not a MAC. */
  public static String prefixOf(String mac, String fallback) {
    if (mac != null && mac.length() == 17 && PREFIX.matcher(mac.substring(0, 5).toLowerCase(Locale.ROOT)).matches()) {
      return mac.substring(0, 5).toLowerCase(Locale.ROOT);
    }
    return fallback;
  }

  /** Checks a VNET_MACPREFIX value: two hex bytes. */
  public static String checkedPrefix(String prefix) {
    String p = prefix.toLowerCase(Locale.ROOT);
    if (!PREFIX.matcher(p).matches()) {
      throw new IllegalArgumentException("a MAC prefix is two hex bytes such as d0:0d, not '" + prefix + "'");
    }
    return p;
  }
}
