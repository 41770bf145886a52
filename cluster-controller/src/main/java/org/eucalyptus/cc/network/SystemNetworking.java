package org.eucalyptus.cc.network;

import java.util.List;
import java.util.Map;
import org.eucalyptus.cc.nodes.Node;

/**
 * SYSTEM mode: instances are bridged onto the site's network and get their addresses from its DHCP
 * server, so the cluster controller keeps no network. Group networks have nothing to start, and
 * public addresses are not the cluster's to give.
 */
final class SystemNetworking implements ClusterNetworking {
  private final NetworkSettings settings;

  SystemNetworking(NetworkSettings settings) {
    this.settings = settings;
  }

  @Override
  public NetworkDescription describe() {
    return NetworkDescription.flat(settings);
  }

  @Override
  public LaunchNetwork launch(Integer vlan, int count, List<Integer> askedIndexes) {
    return new LaunchNetwork() {
      @Override
      public LaunchNic nic(int slot, String instanceId, String askedMac, Integer vlan, Integer networkIndex) {
        return LaunchNic.asked(settings.macPrefix(), instanceId, askedMac, vlan, networkIndex);
      }

      @Override
      public void prepare(Node node, LaunchNic nic) {
        // the node's bridge to the site's network is its own
      }

      @Override
      public void release() {
        // nothing was held
      }
    };
  }

  @Override
  public void refresh() {
    // nothing kept
  }

  @Override
  public void startNetwork(int vlan, String account, String group) {
    // one flat network: nothing to start
  }

  @Override
  public void stopNetwork(int vlan) {
    // nor to stop
  }

  @Override
  public void configure(String account, List<NetworkModel.Rule> rules) {
    // no group networks for rules to guard
  }

  @Override
  public void assignAddress(String publicIp, String privateIp) throws NetworkRefusal {
    throw NetworkRefusal.needsManaged("AssignAddress");
  }

  @Override
  public void unassignAddress(String publicIp) throws NetworkRefusal {
    throw NetworkRefusal.needsManaged("UnassignAddress");
  }

  @Override
  public Map<String, String> publicAddresses() {
    return Map.of();
  }

  @Override
  public void forget(Node node) {
    // nothing kept per node
  }

  @Override
  public void close() {
    // nothing runs
  }
}
