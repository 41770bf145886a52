package org.eucalyptus.cc.network;

import org.eucalyptus.common.net.MacAddresses;

/**
 * A new instance's interface as the node is to make it: its MAC, its private and public addresses
 * (null where the mode gives none) and, in MANAGED modes, its group's network and host index.
 */
public record LaunchNic(String mac, String privateIp, String publicIp, Integer vlan, Integer networkIndex) {

  /**
   * The interface as the launch request has it: the MAC the cloud controller sent, or else one
   * derived from the instance id with VNET_MACPREFIX; no addresses yet.
   */
  static LaunchNic asked(String macPrefix, String instanceId, String askedMac, Integer vlan, Integer networkIndex) {
    String mac = askedMac != null ? askedMac : MacAddresses.forInstance(macPrefix, instanceId);
    return new LaunchNic(mac, null, null, vlan, networkIndex);
  }
}
