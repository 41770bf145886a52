package org.eucalyptus.cc.network;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.net.Segments;

/**
 * Where each group network's gateway (the cluster controller's address at host index 1) lives on
 * this host: all that tells MANAGED from MANAGED-NOVLAN on the cluster controller. MANAGED gives
 * each network a segment of its own (VLAN or VXLAN) with a bridge carrying the gateway; MANAGED-NOVLAN
 * puts every network's gateway on VNET_PRIVINTERFACE.
 */
interface GroupGateways {
  /** Runs a command on this host (with the applier's prefix); returns its output. */
  @FunctionalInterface
  interface Host {
    String run(List<String> argv) throws CommandRunner.CommandException;
  }

  /**
   * The gateways of a managed mode.
   *
   * @param localIp this host's address toward the nodes (VXLAN's source)
   * @param nodeHosts the nodes' addresses now (VXLAN's far ends)
   */
  static GroupGateways of(NetworkSettings s, AddressPlan plan, Host host, Segments segments, String localIp,
      Supplier<List<String>> nodeHosts) {
    return switch (s.mode()) {
      case MANAGED -> new SegmentGateways(s, host, segments, localIp, nodeHosts);
      case MANAGED_NOVLAN -> new InterfaceGateways(s, plan, host);
      default -> throw new IllegalArgumentException(s.mode() + " mode has no group networks");
    };
  }

  /** Network {@code sub}'s gateway is up on this host (and its segment and bridge, where the mode has them). */
  void ensure(AddressPlan.Subnet sub) throws CommandRunner.CommandException;

  /** What networks other than {@code vlans} left on this host goes (a restart forgets none). */
  void releaseAllBut(Set<Integer> vlans) throws CommandRunner.CommandException;

  /** Whether each group network is a segment of its own (DescribeNetworks' useVlans). */
  boolean segmented();

  /** Puts {@code sub}'s gateway address on {@code dev} unless it is there. */
  static void addGateway(Host host, String dev, AddressPlan.Subnet sub) throws CommandRunner.CommandException {
    String address = Ipv4.format(sub.gateway()) + "/" + sub.prefix();
    if (!host.run(List.of("ip", "-o", "-4", "addr", "show", "dev", dev)).contains(" " + address + " ")) {
      host.run(List.of("ip", "addr", "add", address, "broadcast", Ipv4.format(sub.broadcast()), "dev", dev));
    }
  }
}
