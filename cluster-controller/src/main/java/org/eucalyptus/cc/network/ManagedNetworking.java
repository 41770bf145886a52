package org.eucalyptus.cc.network;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eucalyptus.cc.nodes.Node;
import org.eucalyptus.cc.nodes.NodeNetworkSync;
import org.eucalyptus.cc.nodes.NodeRegistry;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.net.MacAddresses;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/**
 * The MANAGED modes: a network per security group on the cluster controller ({@link ClusterNetwork}
 * over the host's {@link NetworkApplier}), each new instance an address on its group's network
 * ({@link InstanceAddresses}), and the nodes' bridges kept filtering the same rules
 * ({@link NodeNetworkSync}). MANAGED and MANAGED-NOVLAN share all of this and differ only in where a
 * group network's gateway lives: the applier is composed with the mode's {@link GroupGateways}
 * ({@link SegmentGateways} or {@link InterfaceGateways}).
 */
final class ManagedNetworking implements ClusterNetworking {
  private final NetworkSettings settings;
  private final NetworkApplier applier;
  private final ClusterNetwork network;
  private final InstanceAddresses addresses;
  private final NodeNetworkSync nodes;

  private ManagedNetworking(NetworkSettings settings, NetworkApplier applier, ClusterNetwork network,
      InstanceAddresses addresses, NodeNetworkSync nodes) {
    this.settings = settings;
    this.applier = applier;
    this.network = network;
    this.addresses = addresses;
    this.nodes = nodes;
  }

  /** Rebuilt from the state directory (so a restart cuts no instance off), or from nothing after {@code cleanstart}. */
  static ManagedNetworking open(ClusterNetworking.Setup setup, LiveInstances live, NodeRegistry registry) {
    NetworkSettings s = setup.settings();
    NetworkApplier applier = null;
    try {
      applier = new NetworkApplier(s, new CommandRunner(Duration.ofSeconds(60)), setup.commandPrefix(),
          setup.stateDir().resolve("applied"), setup.localIp(), registry::hosts);
      ClusterNetwork network = new ClusterNetwork(applier, live::nics, setup.stateDir().resolve("network"));
      network.releaseIdleAfter(setup.idleRelease());
      network.restore();
      NodeNetworkSync nodes = new NodeNetworkSync(registry, setup.localIp(), setup.filterResend()).start();
      network.onFilters(nodes::filters);
      return new ManagedNetworking(s, applier, network, new InstanceAddresses(applier.plan(), network, live::nics),
          nodes);
    } catch (IOException | CommandRunner.CommandException | RuntimeException e) {
      if (applier != null) {
        applier.close(); // dnsmasq, if it had started
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("the cluster's network cannot be set up: " + e.getMessage(), e);
    }
  }

  @Override
  public NetworkDescription describe() {
    NetworkModel m = network.model();
    List<NetworkDescription.ActiveNetwork> active = new ArrayList<>();
    for (NetworkModel.GroupNetwork n : m.networks()) {
      active.add(new NetworkDescription.ActiveNetwork(n.vlan(), n.account(), n.group(), m.instances().stream()
          .filter(i -> i.vlan() == n.vlan()).map(NetworkModel.InstanceNic::privateIp).toList()));
    }
    return new NetworkDescription(settings, applier.gateways().segmented(), java.util.Optional.of(applier.plan()),
        active);
  }

  @Override
  public LaunchNetwork launch(Integer vlan, int count, List<Integer> askedIndexes) throws NetworkRefusal {
    if (vlan == null) {
      throw new NetworkRefusal(NetworkRefusal.Reason.INVALID,
          "in MANAGED modes RunInstances names the group's network (vlan)");
    }
    List<InstanceAddresses.Lease> leases;
    try {
      leases = addresses.lease(vlan, count, askedIndexes);
    } catch (IllegalArgumentException e) {
      throw new NetworkRefusal(NetworkRefusal.Reason.INVALID, e.getMessage());
    }
    return new LaunchNetwork() {
      @Override
      public LaunchNic nic(int slot, String instanceId, String askedMac, Integer askedVlan, Integer networkIndex) {
        // The address's own MAC (with the cloud's prefix, as the CLC sent it): a DHCP lease dnsmasq
        // still holds for the address from its last instance fits this one.
        InstanceAddresses.Lease lease = leases.get(slot);
        String proposed = LaunchNic.asked(settings.macPrefix(), instanceId, askedMac, askedVlan, networkIndex).mac();
        String prefix = MacAddresses.prefixOf(proposed, settings.macPrefix());
        return new LaunchNic(MacAddresses.forAddress(prefix, lease.address()), lease.address(), null, lease.vlan(),
            lease.index());
      }

      @Override
      public void prepare(Node node, LaunchNic nic) throws EucalyptusFault_Exception {
        // The node's segment (with its VXLAN far ends) and its bridge filters, before the guest is on it.
        nodes.prepare(node, nic.vlan());
      }

      @Override
      public void release() {
        addresses.release(leases);
      }
    };
  }

  @Override
  public void refresh() throws CommandRunner.CommandException, IOException {
    network.refresh();
  }

  @Override
  public void startNetwork(int vlan, String account, String group) throws CommandRunner.CommandException, IOException {
    network.startNetwork(vlan, account, group);
  }

  @Override
  public void stopNetwork(int vlan) throws CommandRunner.CommandException, IOException {
    network.stopNetwork(vlan);
  }

  @Override
  public void configure(String account, List<NetworkModel.Rule> rules)
      throws CommandRunner.CommandException, IOException {
    network.configure(account, rules);
  }

  @Override
  public void assignAddress(String publicIp, String privateIp) throws CommandRunner.CommandException, IOException {
    network.assignAddress(publicIp, privateIp);
  }

  @Override
  public void unassignAddress(String publicIp) throws CommandRunner.CommandException, IOException {
    network.unassignAddress(publicIp);
  }

  @Override
  public Map<String, String> publicAddresses() {
    return network.publicAddresses();
  }

  @Override
  public void forget(Node node) {
    nodes.forget(node);
  }

  @Override
  public void close() {
    applier.close(); // stops dnsmasq; the firewall and addresses stay, so instances keep working
    nodes.close();
  }
}
