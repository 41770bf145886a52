package org.eucalyptus.cc.network;

import java.util.List;
import java.util.Optional;

/**
 * What DescribeNetworks tells of the cluster's network: its settings, whether group networks are
 * VLANs (MANAGED) or share one segment, the address plan of the MANAGED modes, and the group
 * networks active now with the addresses their instances hold.
 */
public record NetworkDescription(NetworkSettings settings, boolean vlans, Optional<AddressPlan> plan,
    List<ActiveNetwork> active) {

  /** A group's network that is up: its tag, whose group it is, and its instances' addresses. */
  public record ActiveNetwork(int vlan, String account, String group, List<String> addresses) {
    public ActiveNetwork {
      addresses = List.copyOf(addresses);
    }
  }

  public NetworkDescription {
    active = List.copyOf(active);
  }

  /** A mode with one flat network (SYSTEM, STATIC): no plan, no group networks. */
  static NetworkDescription flat(NetworkSettings settings) {
    return new NetworkDescription(settings, false, Optional.empty(), List.of());
  }
}
