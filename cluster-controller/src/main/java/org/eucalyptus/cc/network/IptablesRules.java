package org.eucalyptus.cc.network;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.eucalyptus.common.auth.Crypto;

/**
 * Renders a {@link NetworkModel} as one {@code iptables-restore} document for the cluster
 * controller's filter and nat tables: the whole firewall at once, applied atomically.
 *
 * <ul>
 *   <li>filter FORWARD drops by default; replies are let through; traffic inside a group's
 *       network is allowed; traffic into a group's network goes through that group's own chain
 *       ({@code EU-<hash of account/group>}), which accepts what its rules allow; instances may
 *       reach anything outside the private range.
 *   <li>nat: each public address is DNATed to its instance and the instance SNATed to it; the
 *       metadata address 169.254.169.254:80 is DNATed to the cloud controller; other traffic leaving
 *       the private range is masqueraded.
 * </ul>
 */
public final class IptablesRules {
  private IptablesRules() {}

  /** The chain of a group: short (iptables allows 28 characters) and the same on every render. */
  public static String chain(String account, String group) {
    return "EU-" + Crypto.sha256Hex(account + "/" + group).substring(0, 20).toUpperCase(Locale.ROOT);
  }

  public static String render(NetworkSettings s, AddressPlan plan, NetworkModel m) {
    String range = s.subnetCidr();
    Map<String, String> netOfGroup = new HashMap<>();
    for (NetworkModel.GroupNetwork n : m.networks()) {
      netOfGroup.put(n.account() + "/" + n.group(), plan.network(n.vlan()).cidr());
    }
    StringBuilder f = new StringBuilder();
    f.append("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n");
    for (NetworkModel.GroupNetwork n : m.networks()) {
      f.append(':').append(chain(n.account(), n.group())).append(" - [0:0]\n");
    }
    f.append("-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n");
    for (NetworkModel.GroupNetwork n : m.networks()) {
      String net = plan.network(n.vlan()).cidr();
      f.append("-A FORWARD -s ").append(net).append(" -d ").append(net).append(" -j ACCEPT\n");
      f.append("-A FORWARD -d ").append(net).append(" -j ").append(chain(n.account(), n.group())).append('\n');
    }
    f.append("-A FORWARD -s ").append(range).append(" ! -d ").append(range).append(" -j ACCEPT\n");
    for (NetworkModel.Rule r : m.rules()) {
      String dest = netOfGroup.get(r.account() + "/" + r.group());
      if (dest == null) {
        continue; // a group with no instances here has no network on this cluster
      }
      String source;
      if (r.sourceGroup() != null) {
        source = netOfGroup.get(r.sourceAccount() + "/" + r.sourceGroup());
        if (source == null) {
          continue; // the source group has no network here: nothing can come from it
        }
      } else {
        source = r.sourceCidr();
      }
      f.append("-A ").append(chain(r.account(), r.group())).append(" -s ").append(source).append(" -d ").append(dest);
      f.append(match(r)).append(" -j ACCEPT\n");
    }
    f.append("COMMIT\n");

    StringBuilder n = new StringBuilder();
    n.append("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n");
    n.append("-A PREROUTING -d 169.254.169.254/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination ")
        .append(s.metadataTarget()).append('\n');
    for (NetworkModel.PublicAddress a : m.publicAddresses()) {
      n.append("-A PREROUTING -d ").append(a.publicIp()).append("/32 -j DNAT --to-destination ").append(a.privateIp())
          .append('\n');
      n.append("-A OUTPUT -d ").append(a.publicIp()).append("/32 -j DNAT --to-destination ").append(a.privateIp())
          .append('\n');
    }
    for (NetworkModel.PublicAddress a : m.publicAddresses()) {
      n.append("-A POSTROUTING -s ").append(a.privateIp()).append("/32 ! -d ").append(range)
          .append(" -j SNAT --to-source ").append(a.publicIp()).append('\n');
    }
    n.append("-A POSTROUTING -s ").append(range).append(" ! -d ").append(range).append(" -j MASQUERADE\n");
    n.append("COMMIT\n");
    return f.append(n).toString();
  }

  private static String match(NetworkModel.Rule r) {
    String p = r.protocol().toLowerCase(Locale.ROOT);
    return switch (p) {
      case "tcp", "udp" -> " -p " + p + " -m " + p + " --dport " + (r.fromPort() == r.toPort() ? r.fromPort()
          : r.fromPort() + ":" + r.toPort());
      case "icmp" -> r.fromPort() < 0 ? " -p icmp" : " -p icmp -m icmp --icmp-type " + r.fromPort()
          + (r.toPort() >= 0 ? "/" + r.toPort() : "");
      case "-1", "all" -> "";
      default -> throw new IllegalArgumentException("protocol " + r.protocol() + " is not tcp, udp, icmp or all");
    };
  }
}
