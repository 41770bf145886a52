package org.eucalyptus.cc.network;

import java.util.List;
import java.util.Set;
import org.eucalyptus.common.exec.CommandRunner;

/**
 * MANAGED-NOVLAN mode's gateways: the group networks share one segment, so every network's gateway
 * address sits on VNET_PRIVINTERFACE (the groups stay apart by their firewall chains).
 */
final class InterfaceGateways implements GroupGateways {
  private final NetworkSettings settings;
  private final AddressPlan plan;
  private final GroupGateways.Host host;

  InterfaceGateways(NetworkSettings settings, AddressPlan plan, GroupGateways.Host host) {
    this.settings = settings;
    this.plan = plan;
    this.host = host;
  }

  @Override
  public void ensure(AddressPlan.Subnet sub) throws CommandRunner.CommandException {
    GroupGateways.addGateway(host, settings.privInterface(), sub);
  }

  /** The gateway addresses of the plan's other networks come off the private interface. */
  @Override
  public void releaseAllBut(Set<Integer> vlans) throws CommandRunner.CommandException {
    String have = host.run(List.of("ip", "-o", "-4", "addr", "show", "dev", settings.privInterface()));
    for (int vlan = plan.minVlan(); vlan <= plan.maxVlan(); vlan++) {
      if (vlans.contains(vlan)) {
        continue;
      }
      AddressPlan.Subnet sub = plan.network(vlan);
      String address = Ipv4.format(sub.gateway()) + "/" + sub.prefix();
      if (have.contains(" " + address + " ")) {
        host.run(List.of("ip", "addr", "del", address, "dev", settings.privInterface()));
      }
    }
  }

  @Override
  public boolean segmented() {
    return false;
  }
}
