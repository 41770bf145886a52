package org.eucalyptus.cc.network;

import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's DHCP service as dnsmasq runs it: a configuration with one static range per active
 * network (only known MACs get addresses, with that network's gateway and DNS), and a hosts file
 * with one fixed MAC-to-address entry per instance, which dnsmasq rereads on SIGHUP.
 */
public final class DhcpHosts {
  private DhcpHosts() {}

  /** The hosts file: {@code mac,address,hostname} per instance. */
  public static String hostsFile(NetworkModel m) {
    StringBuilder b = new StringBuilder();
    for (NetworkModel.InstanceNic i : m.instances()) {
      b.append(i.mac()).append(',').append(i.privateIp()).append(',').append(i.instanceId()).append('\n');
    }
    return b.toString();
  }

  /**
   * dnsmasq's lease file without the leases that would keep an instance from its address: those of
   * an address the model gives to another MAC. dnsmasq refuses a host's configured address while it
   * is leased to someone else (for the lease's hour after that instance ended), so such a lease must
   * go before the new instance asks. Other lines stay as they are.
   */
  public static String leasesFor(NetworkModel m, String leases) {
    java.util.Map<String, String> macOf = new java.util.HashMap<>();
    m.instances().forEach(i -> macOf.put(i.privateIp(), i.mac().toLowerCase(java.util.Locale.ROOT)));
    StringBuilder b = new StringBuilder();
    for (String line : leases.lines().toList()) {
      String[] f = line.split(" ");
      // <expiry> <mac> <address> <hostname> <client id>
      boolean stale = f.length >= 3 && macOf.containsKey(f[2]) && !macOf.get(f[2]).equals(f[1].toLowerCase(java.util.Locale.ROOT));
      if (!stale) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }

  /**
   * STATIC mode's DHCP: one static range over VNET_SUBNET with the site's router, and every
   * VNET_MACMAP pair as a fixed host (they do not change while the cluster runs).
   */
  public static String staticConfig(NetworkSettings s, String leaseFile) {
    List<String> l = new ArrayList<>();
    l.add("# Written by the cluster controller from VNET_MACMAP (STATIC mode).");
    l.add("port=0");
    l.add("bind-dynamic");
    l.add("except-interface=lo");
    l.add("interface=" + s.privInterface());
    l.add("dhcp-authoritative");
    l.add("dhcp-leasefile=" + leaseFile);
    l.add("dhcp-range=" + Ipv4.format(s.subnet()) + ",static," + Ipv4.netmask(s.prefix()) + ",1h");
    if (!s.router().isEmpty()) {
      l.add("dhcp-option=option:router," + s.router());
    }
    l.add("dhcp-option=option:dns-server," + s.dns());
    for (NetworkSettings.MacIp m : s.macMap()) {
      l.add("dhcp-host=" + m.mac() + "," + m.ip());
    }
    return String.join("\n", l) + "\n";
  }

  /** The configuration: ranges and options per network, each tagged by its number. */
  public static String config(NetworkSettings s, AddressPlan plan, NetworkModel m, String hostsFile, String leaseFile) {
    List<String> l = new ArrayList<>();
    l.add("# Written by the cluster controller; every line comes from its network model.");
    l.add("port=0");
    l.add("bind-dynamic");
    l.add("except-interface=lo");
    l.add("dhcp-authoritative");
    l.add("dhcp-hostsfile=" + hostsFile);
    l.add("dhcp-leasefile=" + leaseFile);
    for (NetworkModel.GroupNetwork n : m.networks()) {
      AddressPlan.Subnet sub = plan.network(n.vlan());
      String tag = "net" + n.vlan();
      l.add("dhcp-range=set:" + tag + "," + Ipv4.format(sub.network()) + ",static," + sub.netmask() + ",1h");
      l.add("dhcp-option=tag:" + tag + ",option:router," + Ipv4.format(sub.gateway()));
      l.add("dhcp-option=tag:" + tag + ",option:dns-server," + s.dns());
    }
    return String.join("\n", l) + "\n";
  }
}
