package org.eucalyptus.cc.network;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.eucalyptus.cc.nodes.Node;

/**
 * STATIC mode: SYSTEM's one flat network (no group networks, no public addresses), but the
 * addresses are the cluster's: each new instance takes a free pair of VNET_MACMAP, and the cluster
 * controller's own DHCP server hands the pairs out.
 */
final class StaticNetworking implements ClusterNetworking {
  private final SystemNetworking flat;
  private final StaticAddresses addresses;
  private final StaticDhcp dhcp;

  private StaticNetworking(SystemNetworking flat, StaticAddresses addresses, StaticDhcp dhcp) {
    this.flat = flat;
    this.addresses = addresses;
    this.dhcp = dhcp;
  }

  static StaticNetworking open(ClusterNetworking.Setup setup, LiveInstances live) {
    NetworkSettings s = setup.settings();
    try {
      return new StaticNetworking(new SystemNetworking(s), new StaticAddresses(s.macMap(), live::privateIps),
          new StaticDhcp(s, setup.stateDir().resolve("static"), setup.commandPrefix()));
    } catch (IOException e) {
      throw new IllegalStateException("STATIC mode's DHCP server cannot start: " + e.getMessage(), e);
    }
  }

  @Override
  public NetworkDescription describe() {
    return flat.describe();
  }

  @Override
  public LaunchNetwork launch(Integer vlan, int count, List<Integer> askedIndexes) throws NetworkRefusal {
    List<NetworkSettings.MacIp> pairs;
    try {
      pairs = addresses.lease(count);
    } catch (IllegalStateException e) {
      throw new NetworkRefusal(NetworkRefusal.Reason.NO_ADDRESS_LEFT, e.getMessage());
    }
    LaunchNetwork plain = flat.launch(vlan, count, askedIndexes);
    return new LaunchNetwork() {
      @Override
      public LaunchNic nic(int slot, String instanceId, String askedMac, Integer vlan, Integer networkIndex) {
        // As 3.1 did, the pair's MAC replaces the one the cloud controller proposed; public = private.
        NetworkSettings.MacIp pair = pairs.get(slot);
        LaunchNic asked = plain.nic(slot, instanceId, askedMac, vlan, networkIndex);
        return new LaunchNic(pair.mac(), pair.ip(), pair.ip(), asked.vlan(), asked.networkIndex());
      }

      @Override
      public void prepare(Node node, LaunchNic nic) throws org.eucalyptus.wsdl.types.EucalyptusFault_Exception {
        plain.prepare(node, nic);
      }

      @Override
      public void release() {
        addresses.release(pairs);
      }
    };
  }

  @Override
  public void refresh() {
    flat.refresh(); // the pairs' DHCP hosts are fixed for as long as the cluster runs
  }

  @Override
  public void startNetwork(int vlan, String account, String group) {
    flat.startNetwork(vlan, account, group);
  }

  @Override
  public void stopNetwork(int vlan) {
    flat.stopNetwork(vlan);
  }

  @Override
  public void configure(String account, List<NetworkModel.Rule> rules) {
    flat.configure(account, rules);
  }

  @Override
  public void assignAddress(String publicIp, String privateIp) throws NetworkRefusal {
    flat.assignAddress(publicIp, privateIp);
  }

  @Override
  public void unassignAddress(String publicIp) throws NetworkRefusal {
    flat.unassignAddress(publicIp);
  }

  @Override
  public Map<String, String> publicAddresses() {
    return flat.publicAddresses();
  }

  @Override
  public void forget(Node node) {
    flat.forget(node);
  }

  @Override
  public void close() {
    dhcp.close();
  }
}
