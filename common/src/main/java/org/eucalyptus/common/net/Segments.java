package org.eucalyptus.common.net;

import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.common.exec.CommandRunner;

/**
 * A MANAGED-mode network's segment and bridge on one host, made the same way on the cluster
 * controller and on every node (so both ends agree): an 802.1Q VLAN {@code <iface>.<tag>} or a
 * VXLAN {@code vx<tag>} (VNI = tag, UDP 4789, head-end replication to the other hosts), enslaved
 * to bridge {@code eucabr<tag>}. Each step checks what exists first, so making it twice changes nothing.
 */
public final class Segments {
  private final CommandRunner commands;
  private final List<String> prefix;

  /** @param prefix put before every command (e.g. {@code ip netns exec NS}), or empty */
  public Segments(CommandRunner commands, List<String> prefix) {
    this.commands = commands;
    this.prefix = List.copyOf(prefix);
  }

  public static String bridgeName(int tag) {
    return "eucabr" + tag;
  }

  /**
   * Makes the segment of {@code tag} on {@code iface} and its bridge, up; returns the bridge.
   *
   * @param vxlan a VXLAN rather than an 802.1Q VLAN
   * @param localIp this host's address on {@code iface} (VXLAN's source), or null
   * @param peers the other hosts' addresses (VXLAN's far ends); ignored for VLANs
   */
  public String ensure(int tag, String iface, boolean vxlan, String localIp, List<String> peers)
      throws CommandRunner.CommandException {
    String bridge = bridgeName(tag);
    String dev = vxlan ? "vx" + tag : iface + "." + tag;
    if (!exists(dev)) {
      if (vxlan) {
        List<String> add = new ArrayList<>(List.of("ip", "link", "add", dev, "type", "vxlan", "id",
            String.valueOf(tag), "dstport", "4789"));
        if (localIp != null && !localIp.isBlank()) {
          add.addAll(List.of("local", localIp));
        }
        add.addAll(List.of("dev", iface, "nolearning"));
        run(add);
      } else {
        run(List.of("ip", "link", "add", "link", iface, "name", dev, "type", "vlan", "id", String.valueOf(tag)));
      }
    }
    if (vxlan) {
      String fdb = run(List.of("bridge", "fdb", "show", "dev", dev));
      for (String host : peers) {
        if (!host.equals(localIp) && !fdb.contains("dst " + host + " ")) {
          run(List.of("bridge", "fdb", "append", "00:00:00:00:00:00", "dev", dev, "dst", host));
        }
      }
    }
    if (!exists(bridge)) {
      run(List.of("ip", "link", "add", bridge, "type", "bridge"));
    }
    run(List.of("ip", "link", "set", dev, "master", bridge, "up"));
    run(List.of("ip", "link", "set", bridge, "up"));
    return bridge;
  }

  /**
   * Removes the segment of {@code tag} and its bridge, whatever is left of them (a network no
   * instance uses any more).
   */
  public void remove(int tag, String iface, boolean vxlan) throws CommandRunner.CommandException {
    String dev = vxlan ? "vx" + tag : iface + "." + tag;
    for (String d : List.of(dev, bridgeName(tag))) {
      if (exists(d)) {
        run(List.of("ip", "link", "del", d));
      }
    }
  }

  /** The tags of the segments' bridges on this host now (eucabr<tag>). */
  public java.util.SortedSet<Integer> bridges() throws CommandRunner.CommandException {
    java.util.SortedSet<Integer> tags = new java.util.TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\d+: eucabr(\\d+)[:@]", java.util.regex.Pattern.MULTILINE)
        .matcher(run(List.of("ip", "-o", "link", "show", "type", "bridge")));
    while (m.find()) {
      tags.add(Integer.parseInt(m.group(1)));
    }
    return tags;
  }

  public boolean exists(String dev) throws CommandRunner.CommandException {
    return commands.runAllowingFailure(cmd(List.of("ip", "-o", "link", "show", "dev", dev)), null).exitStatus() == 0;
  }

  private String run(List<String> argv) throws CommandRunner.CommandException {
    return commands.run(cmd(argv), null).stdout();
  }

  private List<String> cmd(List<String> argv) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(argv);
    return all;
  }
}
