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
  private final CommandRunner commands;
  private final List<String> prefix;

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
    this.commands = commands;
    this.prefix = List.copyOf(prefix);
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
    String br = "eucabr" + vlan;
    String dev = vxlan ? "vx" + vlan : pubInterface + "." + vlan;
    if (!exists(dev)) {
      if (vxlan) {
        List<String> add = new ArrayList<>(List.of("ip", "link", "add", dev, "type", "vxlan", "id",
            String.valueOf(vlan), "dstport", "4789"));
        if (localIp != null && !localIp.isBlank()) {
          add.addAll(List.of("local", localIp));
        }
        add.addAll(List.of("dev", pubInterface, "nolearning"));
        run(add);
      } else {
        run(List.of("ip", "link", "add", "link", pubInterface, "name", dev, "type", "vlan", "id", String.valueOf(vlan)));
      }
    }
    if (vxlan) {
      String fdb = run(List.of("bridge", "fdb", "show", "dev", dev));
      for (String host : remoteHosts) {
        if (host.equals(localIp) || fdb.contains("dst " + host + " ")) {
          continue;
        }
        run(List.of("bridge", "fdb", "append", "00:00:00:00:00:00", "dev", dev, "dst", host));
      }
    }
    if (!exists(br)) {
      run(List.of("ip", "link", "add", br, "type", "bridge"));
    }
    run(List.of("ip", "link", "set", dev, "master", br, "up"));
    run(List.of("ip", "link", "set", br, "up"));
    return br;
  }

  private boolean exists(String dev) throws NetworkException {
    try {
      return commands.runAllowingFailure(cmd(List.of("ip", "-o", "link", "show", "dev", dev)), null).exitStatus() == 0;
    } catch (CommandRunner.CommandException e) {
      throw new NetworkException(e.getMessage());
    }
  }

  private String run(List<String> argv) throws NetworkException {
    try {
      return commands.run(cmd(argv), null).stdout();
    } catch (CommandRunner.CommandException e) {
      throw new NetworkException(e.getMessage());
    }
  }

  private List<String> cmd(List<String> argv) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(argv);
    return all;
  }

  /** A network the node cannot set up, with the reason. */
  public static final class NetworkException extends Exception {
    public NetworkException(String message) {
      super(message);
    }
  }
}
