package org.eucalyptus.cc.network;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eucalyptus.cc.nodes.Node;
import org.eucalyptus.cc.nodes.NodeRegistry;
import org.eucalyptus.common.exec.CommandRunner;

/**
 * The cluster's networking in its VNET_MODE, chosen once at start ({@link #open}): SYSTEM (the
 * site's network, nothing to do), STATIC (VNET_MACMAP's fixed pairs and their DHCP server), or the
 * MANAGED modes (a network per security group, its rules, public addresses). The handlers speak to
 * this alone; an operation a mode does not have is refused by that mode ({@link NetworkRefusal}), and
 * group-network calls a flat mode has nothing to do for succeed doing nothing, as in 3.1.
 */
public interface ClusterNetworking extends AutoCloseable {

  /** Where the networking lives and how long its timers are, from eucalyptus.conf. */
  record Setup(NetworkSettings settings, List<String> commandPrefix, Path stateDir, String localIp,
      Duration idleRelease, Duration filterResend) {
    /**
     * @param commandPrefix put before every command ({@code ip netns exec NS} with CC_NETNS), or empty
     * @param stateDir CC_STATE_DIR
     * @param localIp this host's address toward the nodes (VNET_LOCALIP), or empty
     * @param idleRelease how long a group network without instances lives (CC_NETWORK_IDLE_SEC)
     * @param filterResend how often the nodes get the group filters again (CC_NODE_NETWORK_RESEND_SEC)
     */
    public Setup {
      commandPrefix = List.copyOf(commandPrefix);
    }
  }

  /**
   * The networking of {@code setup}'s mode, started: in MANAGED modes the saved state is applied
   * again (a restart cuts no instance off), in STATIC mode the DHCP server runs.
   *
   * @throws IllegalStateException if the host's network cannot be set up
   */
  static ClusterNetworking open(Setup setup, LiveInstances live, NodeRegistry nodes) {
    return switch (setup.settings().mode()) {
      case SYSTEM -> new SystemNetworking(setup.settings());
      case STATIC -> StaticNetworking.open(setup, live);
      case MANAGED, MANAGED_NOVLAN -> ManagedNetworking.open(setup, live, nodes);
    };
  }

  /** What DescribeNetworks answers. */
  NetworkDescription describe();

  /**
   * Takes addresses for {@code count} new instances of one launch, held until the launch's
   * {@link LaunchNetwork#release}.
   *
   * @param vlan the group's network the request names, or null
   * @param askedIndexes host indexes the request asks for, in order (fewer than {@code count}: the rest are free ones)
   */
  LaunchNetwork launch(Integer vlan, int count, List<Integer> askedIndexes) throws NetworkRefusal;

  /** Applies the network again with the instances the cluster has now (new ones, ended ones). */
  void refresh() throws CommandRunner.CommandException, IOException;

  /** A security group's network comes up (its tag, account and group name). */
  void startNetwork(int vlan, String account, String group) throws CommandRunner.CommandException, IOException;

  /** A group's network goes; its rules stay with the account. */
  void stopNetwork(int vlan) throws CommandRunner.CommandException, IOException;

  /** Replaces all of {@code account}'s rules. */
  void configure(String account, List<NetworkModel.Rule> rules) throws CommandRunner.CommandException, IOException;

  /** A public address maps 1:1 onto an instance's private one. */
  void assignAddress(String publicIp, String privateIp)
      throws NetworkRefusal, CommandRunner.CommandException, IOException;

  /** A public address and its NAT go. */
  void unassignAddress(String publicIp) throws NetworkRefusal, CommandRunner.CommandException, IOException;

  /** The public addresses mapped now: public address to private one. */
  Map<String, String> publicAddresses();

  /** Drops what is kept for a node that left the cluster. */
  void forget(Node node);

  /** Stops what runs for the network (dnsmasq, the nodes' sync); the firewall and addresses stay. */
  @Override
  void close();
}
