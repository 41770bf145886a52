package org.eucalyptus.cc.network;

import java.util.Comparator;
import java.util.List;

/**
 * What the cluster's network should be, as a whole: the active group networks, the instances on
 * them, the security-group rules, and the public addresses mapped to instances. It is derived
 * from what the cloud controller said; rendering it (iptables, DHCP hosts) is a pure function, so
 * rendering the same model twice gives the same text and applying it again changes nothing.
 */
public record NetworkModel(List<GroupNetwork> networks, List<InstanceNic> instances, List<Rule> rules,
    List<PublicAddress> publicAddresses) {

  /** A security group's network: its tag (VLAN or VXLAN number) and whose group it is. */
  public record GroupNetwork(int vlan, String account, String group) {}

  /** An instance's interface: the MAC the cluster assigned and its private address. */
  public record InstanceNic(String instanceId, String mac, String privateIp, int vlan) {
    public InstanceNic {
      mac = mac.toLowerCase(java.util.Locale.ROOT); // one spelling, so that sorting and DHCP agree
    }
  }

  /**
   * Traffic let into group {@code account/group}: a protocol (tcp, udp, icmp or -1 for all), ports
   * (or an ICMP type and code), from a CIDR or from another group's network.
   */
  public record Rule(String account, String group, String protocol, int fromPort, int toPort, String sourceCidr,
      String sourceAccount, String sourceGroup) {}

  /** A 1:1 NAT between a public address and an instance's private one. */
  public record PublicAddress(String publicIp, String privateIp) {}

  public NetworkModel {
    // Sorted, so that the same model always renders to the same text.
    networks = networks.stream().sorted(Comparator.comparingInt(GroupNetwork::vlan)).toList();
    instances = instances.stream().sorted(Comparator.comparing(InstanceNic::mac)).toList();
    rules = rules.stream().sorted(Comparator.comparing(Rule::toString)).toList();
    publicAddresses = publicAddresses.stream().sorted(Comparator.comparing(PublicAddress::publicIp)).toList();
  }

  public static NetworkModel empty() {
    return new NetworkModel(List.of(), List.of(), List.of(), List.of());
  }
}
