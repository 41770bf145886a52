package org.eucalyptus.nc.network;

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
  public enum Mode {
    SYSTEM, STATIC, MANAGED, MANAGED_NOVLAN;

    public static Mode parse(String s) {
      return Mode.valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  private final Mode mode;
  private final String bridge;
  private final String pubInterface;
  private final boolean vxlan;
  private final String localIp;
  private final org.eucalyptus.common.net.Segments segments;

  /**
   * @param bridge VNET_BRIDGE (SYSTEM, STATIC, MANAGED-NOVLAN), or null
   * @param pubInterface VNET_PUBINTERFACE: the interface toward the cluster controller (MANAGED)
   * @param vxlan VNET_SEGMENT=vxlan
   * @param localIp VNET_LOCALIP: this node's address on that interface (VXLAN's source)
   * @param prefix put before every command (e.g. {@code ip netns exec NS} in tests), or empty
   */
  public NodeNetwork(Mode mode, String bridge, String pubInterface, boolean vxlan, String localIp,
      CommandRunner commands, List<String> prefix) {
    this.mode = mode;
    this.bridge = bridge == null || bridge.isBlank() ? null : bridge;
    this.pubInterface = pubInterface;
    this.vxlan = vxlan;
    this.localIp = localIp;
    this.segments = new org.eucalyptus.common.net.Segments(commands, prefix);
  }

  public Mode mode() {
    return mode;
  }

  /** The bridge guests of network {@code vlan} join, made ready now; null when guests get no interface. */
  public String startNetwork(int vlan, List<String> remoteHosts) throws NetworkException {
    if (mode != Mode.MANAGED) {
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
