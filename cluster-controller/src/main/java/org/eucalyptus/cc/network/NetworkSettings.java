package org.eucalyptus.cc.network;

import org.eucalyptus.common.net.MacAddresses;
import org.eucalyptus.common.net.NetworkMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eucalyptus.common.config.EucaConf;

/**
 * The cluster's network settings from eucalyptus.conf (VNET_*), checked once: in MANAGED and
 * MANAGED-NOVLAN modes the private range VNET_SUBNET/VNET_NETMASK is cut into one network of
 * VNET_ADDRSPERNET addresses per security group, VNET_PUBLICIPS are the elastic addresses, and
 * instances reach the metadata service at 169.254.169.254, redirected to the cloud controller.
 */
public record NetworkSettings(
    NetworkMode mode,
    int subnet,
    int prefix,
    int addrsPerNet,
    String dns,
    List<String> publicIps,
    String pubInterface,
    String privInterface,
    boolean vxlan,
    int vlanMin,
    int vlanMax,
    String metadataTarget,
    List<MacIp> macMap,
    String router,
    String macPrefix) {

  /** One fixed pair of VNET_MACMAP (STATIC mode). */
  public record MacIp(String mac, String ip) {}


  public NetworkSettings {
    publicIps = List.copyOf(publicIps);
    macMap = List.copyOf(macMap);
    MacAddresses.checkedPrefix(macPrefix);
    if (mode == NetworkMode.STATIC && macMap.isEmpty()) {
      throw new IllegalArgumentException("STATIC mode needs VNET_MACMAP (\"mac=ip mac=ip ...\")");
    }
    if (mode.managed()) {
      if (Integer.bitCount(addrsPerNet) != 1 || addrsPerNet < 16 || addrsPerNet > 2048) {
        throw new IllegalArgumentException("VNET_ADDRSPERNET must be a power of two from 16 to 2048, not " + addrsPerNet);
      }
      if (prefix > 32 - Integer.numberOfTrailingZeros(addrsPerNet)) {
        throw new IllegalArgumentException("VNET_SUBNET/VNET_NETMASK is smaller than one network of VNET_ADDRSPERNET");
      }
      if ((subnet & ~(-1 << (32 - prefix))) != 0 && prefix < 32) {
        throw new IllegalArgumentException("VNET_SUBNET " + Ipv4.format(subnet) + " has host bits set for /" + prefix);
      }
    }
  }

  public static NetworkSettings from(EucaConf conf) {
    NetworkMode mode = NetworkMode.parse(conf.get("VNET_MODE", "SYSTEM"));
    String subnet = conf.get("VNET_SUBNET", "10.0.0.0");
    String netmask = conf.get("VNET_NETMASK", "255.0.0.0");
    String clc = conf.get("VNET_CLOUDIP", conf.get("CLC_PUBLIC_HOST", "127.0.0.1")) + ":"
        + conf.get("CLC_PORT", "8773");
    String publicIps = conf.get("VNET_PUBLICIPS", "");
    String macMap = conf.get("VNET_MACMAP", "");
    String macPrefix = conf.get("VNET_MACPREFIX", "d0:0d");
    return new NetworkSettings(mode, named("VNET_SUBNET", () -> Ipv4.parse(subnet)),
        named("VNET_NETMASK", () -> Ipv4.prefixOf(netmask)), conf.getInt("VNET_ADDRSPERNET", 32),
        conf.get("VNET_DNS", "8.8.8.8"), named("VNET_PUBLICIPS", () -> expand(publicIps)),
        conf.get("VNET_PUBINTERFACE", "eth0"),
        conf.get("VNET_PRIVINTERFACE", "eth0"), conf.get("VNET_SEGMENT", "vlan").equalsIgnoreCase("vxlan"),
        conf.getInt("VNET_VLANMIN", 2), conf.getInt("VNET_VLANMAX", 4095), clc,
        named("VNET_MACMAP", () -> macMap(macMap)), conf.get("VNET_ROUTER", ""),
        named("VNET_MACPREFIX", () -> MacAddresses.checkedPrefix(macPrefix) != null ? macPrefix : null));
  }

  /** {@code read()}, with a refusal that does not name its key put as "KEY: why". */
  private static <T> T named(String key, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(key)) {
        throw e;
      }
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  /** VNET_MACMAP: "mac=ip mac=ip ..." (STATIC mode's fixed pairs). */
  static List<MacIp> macMap(String spec) {
    List<MacIp> out = new ArrayList<>();
    for (String pair : spec.trim().split("\\s+")) {
      if (pair.isEmpty()) {
        continue;
      }
      String[] kv = pair.split("=", 2);
      if (kv.length != 2 || !kv[0].matches("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}")) {
        throw new IllegalArgumentException("VNET_MACMAP entry '" + pair + "' is not mac=ip");
      }
      out.add(new MacIp(kv[0].toLowerCase(Locale.ROOT), Ipv4.format(Ipv4.parse(kv[1]))));
    }
    return out;
  }

  /** VNET_PUBLICIPS: addresses and ranges "a.b.c.d-a.b.c.e", separated by spaces. */
  static List<String> expand(String spec) {
    List<String> out = new ArrayList<>();
    for (String part : spec.trim().split("\\s+")) {
      if (part.isEmpty()) {
        continue;
      }
      int dash = part.indexOf('-');
      if (dash < 0) {
        out.add(Ipv4.format(Ipv4.parse(part)));
        continue;
      }
      int from = Ipv4.parse(part.substring(0, dash));
      int to = Ipv4.parse(part.substring(dash + 1));
      if (Integer.compareUnsigned(to, from) < 0 || to - from > 4096) {
        throw new IllegalArgumentException("VNET_PUBLICIPS range " + part + " is backwards or larger than 4096");
      }
      for (int a = from; Integer.compareUnsigned(a, to) <= 0; a++) {
        out.add(Ipv4.format(a));
        if (a == to) {
          break;
        }
      }
    }
    return out;
  }

  /** The whole private range, as a CIDR. */
  public String subnetCidr() {
    return Ipv4.cidr(subnet, prefix);
  }
}
