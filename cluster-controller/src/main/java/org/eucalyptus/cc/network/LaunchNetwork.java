package org.eucalyptus.cc.network;

import org.eucalyptus.cc.nodes.Node;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/**
 * What the network gives the new instances of one launch: each one's interface, and its node made
 * ready for it. The addresses are held (no other launch gets them) until {@link #release}, which
 * comes once the instances are in the cluster's records or have failed.
 */
public interface LaunchNetwork {
  /**
   * The interface of the launch's {@code slot}-th new instance.
   *
   * @param askedMac the MAC the cloud controller sent for it, or null (then one is derived from the id)
   * @param vlan the group's network the request names, or null
   * @param networkIndex the host index the request asks for this instance, or null
   */
  LaunchNic nic(int slot, String instanceId, String askedMac, Integer vlan, Integer networkIndex);

  /** Readies {@code node} for an instance with {@code nic} before it starts there; throws what the node answered. */
  void prepare(Node node, LaunchNic nic) throws EucalyptusFault_Exception;

  /** Lets the addresses go to other launches (the launched instances now hold theirs in the records). */
  void release();
}
