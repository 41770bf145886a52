package org.eucalyptus.nc.network;

import org.eucalyptus.common.net.NetworkMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eucalyptus.common.exec.CommandRunner;

/**
 * The node's side of the cluster's network (VNET_MODE). In SYSTEM, STATIC and MANAGED-NOVLAN
 * every guest joins VNET_BRIDGE, which must exist. In MANAGED each network (a security group) is a
 * segment of its own: an 802.1Q VLAN on VNET_PUBINTERFACE (the default, as in Eucalyptus 3.1) or,
 * with VNET_SEGMENT=vxlan, a VXLAN of that number to the cluster controller and the other nodes,
 * for networks whose switches do not carry VLAN tags; the segment goes into bridge
 * {@code eucabr<vlan>}, made on demand. Each step checks what exists first, so starting a network
 * twice changes nothing.
 */
public final class NodeNetwork {

  private final NetworkMode mode;
  private final String bridge;
  private final String pubInterface;
  private final boolean vxlan;
  private final String localIp;
  private final org.eucalyptus.common.net.Segments segments;
  private final CommandRunner commands;
  private final List<String> prefix;

  /**
   * @param bridge VNET_BRIDGE (SYSTEM, STATIC, MANAGED-NOVLAN), or null
   * @param pubInterface VNET_PUBINTERFACE: the interface toward the cluster controller (MANAGED)
   * @param vxlan VNET_SEGMENT=vxlan
   * @param localIp VNET_LOCALIP: this node's address on that interface (VXLAN's source)
   * @param prefix put before every command (e.g. {@code ip netns exec NS} in tests), or empty
   */
  public NodeNetwork(NetworkMode mode, String bridge, String pubInterface, boolean vxlan, String localIp,
      CommandRunner commands, List<String> prefix) {
    this.mode = mode;
    this.bridge = bridge == null || bridge.isBlank() ? null : bridge;
    this.pubInterface = pubInterface;
    this.vxlan = vxlan;
    this.localIp = localIp;
    this.segments = new org.eucalyptus.common.net.Segments(commands, prefix);
    this.commands = commands;
    this.prefix = List.copyOf(prefix);
  }

  public NetworkMode mode() {
    return mode;
  }

  /**
   * The bridge guests of network {@code vlan} join, made ready now; null when guests get no
   * interface. Serialized: two launches on one network at once must not both create its segment.
   */
  public synchronized String startNetwork(int vlan, List<String> remoteHosts) throws NetworkException {
    if (mode != NetworkMode.MANAGED) {
      if (bridge != null && !exists(bridge)) {
        throw new NetworkException("the bridge " + bridge + " (VNET_BRIDGE) does not exist on this node");
      }
      return bridge;
    }
    if (vlan < 1 || vlan > 4094) {
      throw new NetworkException("vlan " + vlan + " is outside 1..4094");
    }
    if (pubInterface == null || pubInterface.isBlank()) {
      throw new NetworkException("MANAGED mode needs VNET_PUBINTERFACE");
    }
    try {
      return segments.ensure(vlan, pubInterface, vxlan, localIp, remoteHosts);
    } catch (CommandRunner.CommandException e) {
      throw new NetworkException(e.getMessage());
    }
  }

  /**
   * Removes network {@code vlan}'s segment and bridge (MANAGED; a no-op otherwise) unless {@code
   * stillUsed} says an instance here still needs it. Serialized with {@link #startNetwork}, so a
   * launch that is about to use the network either counts as a user or makes it again.
   */
  public synchronized void stopNetworkIfUnused(int vlan, java.util.function.BooleanSupplier stillUsed)
      throws NetworkException {
    if (mode != NetworkMode.MANAGED || stillUsed.getAsBoolean()) {
      return;
    }
    try {
      segments.remove(vlan, pubInterface, vxlan);
    } catch (CommandRunner.CommandException e) {
      throw new NetworkException(e.getMessage());
    }
  }

  /**
   * Filters what crosses this node's bridges as the cluster's group rules say (MANAGED modes; a
   * no-op otherwise): bridged IPv4 is handed to iptables (bridge-nf-call-iptables), and the
   * node's own chains are replaced in one {@code iptables-restore --noflush}, leaving every other
   * rule on the host alone. Chains of networks no longer listed are removed. The same filters
   * twice change nothing; they are loaded each time all the same, so the CC's periodic resend
   * mends rules someone flushed on a running node.
   */
  public synchronized void applyFilters(List<org.eucalyptus.common.net.GroupFilter> filters) throws NetworkException {
    if (mode != NetworkMode.MANAGED && mode != NetworkMode.MANAGED_NOVLAN) {
      return;
    }
    if (mode == NetworkMode.MANAGED_NOVLAN && bridge == null) {
      throw new NetworkException("MANAGED-NOVLAN mode needs VNET_BRIDGE");
    }
    String doc = org.eucalyptus.common.net.BridgeFilterRules.render(filters,
        tag -> mode == NetworkMode.MANAGED ? org.eucalyptus.common.net.Segments.bridgeName(tag) : bridge);
    try {
      CommandRunner.Result nf = commands.runAllowingFailure(cmd(List.of("sysctl", "-qw",
          "net.bridge.bridge-nf-call-iptables=1")), null);
      if (nf.exitStatus() != 0) {
        throw new NetworkException("bridged traffic cannot be filtered: the kernel's br_netfilter module is not"
            + " loaded (modprobe br_netfilter): " + nf.stderr().strip());
      }
      commands.run(cmd(List.of("iptables-restore", "--noflush")), doc);
      String entry = org.eucalyptus.common.net.BridgeFilterRules.ENTRY;
      if (commands.runAllowingFailure(cmd(List.of("iptables", "-C", "FORWARD", "-j", entry)), null).exitStatus() != 0) {
        commands.run(cmd(List.of("iptables", "-I", "FORWARD", "1", "-j", entry)), null);
      }
      java.util.Set<String> wanted = new java.util.HashSet<>();
      filters.forEach(f -> wanted.add(org.eucalyptus.common.net.BridgeFilterRules.GROUP_PREFIX + f.tag()));
      for (String line : commands.run(cmd(List.of("iptables", "-S")), null).stdout().lines().toList()) {
        String[] w = line.split(" ");
        if (w.length == 2 && w[0].equals("-N") && w[1].startsWith(org.eucalyptus.common.net.BridgeFilterRules.GROUP_PREFIX)
            && !wanted.contains(w[1])) {
          commands.run(cmd(List.of("iptables", "-F", w[1])), null);
          commands.run(cmd(List.of("iptables", "-X", w[1])), null);
        }
      }
    } catch (CommandRunner.CommandException e) {
      throw new NetworkException("the bridge filter could not be applied: " + e.getMessage());
    }
  }

  private List<String> cmd(List<String> argv) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(argv);
    return all;
  }

  private boolean exists(String dev) throws NetworkException {
    try {
      return segments.exists(dev);
    } catch (CommandRunner.CommandException e) {
      throw new NetworkException(e.getMessage());
    }
  }

  /** A network the node cannot set up, with the reason. */
  public static final class NetworkException extends Exception {
    public NetworkException(String message) {
      super(message);
    }
  }
}
