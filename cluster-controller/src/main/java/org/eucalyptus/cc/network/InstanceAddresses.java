package org.eucalyptus.cc.network;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Private addresses for new instances in MANAGED modes: an instance joins its security group's
 * network (the tag the cloud controller started) and gets the host index it was given, or the
 * lowest free one. Allocation is serialised and remembers what it handed out until the instances
 * appear in the cluster's records, so concurrent launches never share an address.
 */
public final class InstanceAddresses {
  private final AddressPlan plan;
  private final ClusterNetwork network;
  private final Supplier<List<NetworkModel.InstanceNic>> live;
  private final Set<Integer> pending = new HashSet<>();

  public InstanceAddresses(AddressPlan plan, ClusterNetwork network, Supplier<List<NetworkModel.InstanceNic>> live) {
    this.plan = plan;
    this.network = network;
    this.live = live;
  }

  /** An address handed out: the network, the host index and the address. */
  public record Lease(int vlan, int index, String address) {}

  /**
   * Leases addresses on network {@code vlan} for {@code count} instances, taking {@code asked}
   * indexes where given; {@link #release} them once the instances are recorded (or failed).
   */
  public synchronized List<Lease> lease(int vlan, int count, List<Integer> asked) {
    if (network.networks().stream().noneMatch(n -> n.vlan() == vlan)) {
      throw new IllegalArgumentException("network " + vlan + " has not been started (StartNetwork)");
    }
    Set<Integer> used = new HashSet<>(pending);
    for (NetworkModel.InstanceNic i : live.get()) {
      if (i.vlan() == vlan) {
        used.add(Ipv4.parse(i.privateIp()));
      }
    }
    List<Lease> out = new java.util.ArrayList<>();
    int next = AddressPlan.FIRST_INSTANCE_INDEX;
    for (int k = 0; k < count; k++) {
      int index;
      if (k < asked.size() && asked.get(k) != null) {
        index = asked.get(k);
        if (used.contains(plan.address(vlan, index))) {
          throw new IllegalArgumentException("host index " + index + " of network " + vlan + " is taken");
        }
      } else {
        while (next <= plan.lastInstanceIndex() && used.contains(plan.address(vlan, next))) {
          next++;
        }
        if (next > plan.lastInstanceIndex()) {
          throw new IllegalArgumentException("network " + vlan + " has no free address left");
        }
        index = next;
      }
      int address = plan.address(vlan, index);
      used.add(address);
      out.add(new Lease(vlan, index, Ipv4.format(address)));
    }
    // Held only once all were found: a request refused half-way leaves no address held for ever.
    out.forEach(l -> pending.add(Ipv4.parse(l.address())));
    return out;
  }

  public synchronized void release(List<Lease> leases) {
    leases.forEach(l -> pending.remove(Ipv4.parse(l.address())));
  }
}
