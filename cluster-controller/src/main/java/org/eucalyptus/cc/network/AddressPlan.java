package org.eucalyptus.cc.network;

/**
 * How the private range is cut (Eucalyptus 3.1's plan): network {@code v} (a security group's
 * VLAN tag, from VNET_VLANMIN) is the {@code v - VNET_VLANMIN}-th block of VNET_ADDRSPERNET
 * addresses; its first host address is the gateway (on the cluster controller) and instances get
 * host indexes from 9 (1..8 are kept for cluster controllers, as 3.1 did) to the block's size - 2.
 */
public final class AddressPlan {
  /** Indexes 1..8 are the gateways of up to eight cluster controllers sharing the plan. */
  public static final int FIRST_INSTANCE_INDEX = 9;

  private final NetworkSettings s;
  private final int blockPrefix;
  private final int maxVlan;

  public AddressPlan(NetworkSettings s) {
    this.s = s;
    this.blockPrefix = 32 - Integer.numberOfTrailingZeros(s.addrsPerNet());
    long blocks = (1L << (32 - s.prefix())) / s.addrsPerNet();
    this.maxVlan = (int) Math.min(s.vlanMax(), s.vlanMin() + blocks - 1);
  }

  /** One group's network. */
  public record Subnet(int vlan, int network, int prefix) {
    public int gateway() {
      return network + 1;
    }

    public int broadcast() {
      return network + (1 << (32 - prefix)) - 1;
    }

    public String cidr() {
      return Ipv4.cidr(network, prefix);
    }

    public String netmask() {
      return Ipv4.netmask(prefix);
    }
  }

  public int minVlan() {
    return s.vlanMin();
  }

  public int maxVlan() {
    return maxVlan;
  }

  public int lastInstanceIndex() {
    return s.addrsPerNet() - 2;
  }

  public Subnet network(int vlan) {
    if (vlan < s.vlanMin() || vlan > maxVlan) {
      throw new IllegalArgumentException("network " + vlan + " is outside " + s.vlanMin() + ".." + maxVlan
          + " that VNET_SUBNET/VNET_NETMASK hold");
    }
    return new Subnet(vlan, s.subnet() + (vlan - s.vlanMin()) * s.addrsPerNet(), blockPrefix);
  }

  /** The address of host index {@code index} in network {@code vlan}. */
  public int address(int vlan, int index) {
    if (index < FIRST_INSTANCE_INDEX || index > lastInstanceIndex()) {
      throw new IllegalArgumentException("host index " + index + " is outside " + FIRST_INSTANCE_INDEX + ".."
          + lastInstanceIndex());
    }
    return network(vlan).network() + index;
  }
}
