package org.eucalyptus.common.net;

import java.util.List;
import java.util.Locale;

/**
 * What may enter one security group's network: the network (its tag, subnet and gateway) and the
 * traffic its rules allow, each source already resolved to a CIDR (a source group becomes that
 * group's subnet). The cluster controller computes it from the cloud's rules; the same value
 * drives its own firewall and, sent to every node, the filter on the nodes' bridges, so traffic
 * between two instances of one group (which never passes the cluster controller) obeys the same
 * rules.
 */
public record GroupFilter(int tag, String subnetCidr, String gatewayIp, List<Allow> allows) {
  public GroupFilter {
    allows = List.copyOf(allows);
  }

  /** Traffic from {@code sourceCidr}: a protocol (tcp, udp, icmp, or all) and ports (or ICMP type and code). */
  public record Allow(String sourceCidr, String protocol, int fromPort, int toPort) {
    public Allow {
      protocol = protocol.toLowerCase(Locale.ROOT);
      if (protocol.equals("-1")) {
        protocol = "all";
      }
      if (!List.of("tcp", "udp", "icmp", "all").contains(protocol)) {
        throw new IllegalArgumentException("protocol " + protocol + " is not tcp, udp, icmp or all");
      }
      if ((protocol.equals("tcp") || protocol.equals("udp"))
          && (fromPort < 0 || toPort > 65535 || fromPort > toPort)) {
        throw new IllegalArgumentException("ports " + fromPort + "-" + toPort + " are not a range within 0-65535");
      }
      if (protocol.equals("icmp") && (fromPort < -1 || fromPort > 255 || toPort < -1 || toPort > 255)) {
        throw new IllegalArgumentException("ICMP type " + fromPort + " and code " + toPort + " are not within -1..255");
      }
    }

    /** The iptables match for this protocol and its ports, with a leading space (empty for all). */
    public String match() {
      return switch (protocol) {
        case "tcp", "udp" -> " -p " + protocol + " -m " + protocol + " --dport "
            + (fromPort == toPort ? String.valueOf(fromPort) : fromPort + ":" + toPort);
        case "icmp" -> fromPort < 0 ? " -p icmp"
            : " -p icmp -m icmp --icmp-type " + fromPort + (toPort >= 0 ? "/" + toPort : "");
        default -> "";
      };
    }
  }
}
