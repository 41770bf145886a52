package org.eucalyptus.cc.network;

import java.util.List;
import java.util.Locale;
import org.eucalyptus.common.auth.Crypto;
import org.eucalyptus.common.net.GroupFilter;

/**
 * Renders a {@link NetworkModel} as one {@code iptables-restore} document for the cluster
 * controller's filter and nat tables: the whole firewall at once, applied atomically.
 *
 * <ul>
 *   <li>filter FORWARD drops by default; replies are let through; traffic into a group's network
 *       (from outside, or from another group) goes through that group's own chain
 *       ({@code EU-<hash of account/group>}), which accepts what its rules allow; instances may
 *       reach anything outside the private range.
 *   <li>nat: each public address is DNATed to its instance and the instance SNATed to it; the
 *       metadata address 169.254.169.254:80 is DNATed to the cloud controller (keeping the instance's
 *       own address as the source, by which the metadata service knows it); other traffic leaving
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
    List<GroupFilter> filters = GroupFilters.of(plan, m);
    StringBuilder f = new StringBuilder();
    f.append("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n");
    for (NetworkModel.GroupNetwork n : m.networks()) {
      f.append(':').append(chain(n.account(), n.group())).append(" - [0:0]\n");
    }
    f.append("-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n");
    for (int i = 0; i < filters.size(); i++) {
      NetworkModel.GroupNetwork n = m.networks().get(i);
      f.append("-A FORWARD -d ").append(filters.get(i).subnetCidr()).append(" -j ").append(chain(n.account(), n.group()))
          .append('\n');
    }
    f.append("-A FORWARD -s ").append(range).append(" ! -d ").append(range).append(" -j ACCEPT\n");
    for (int i = 0; i < filters.size(); i++) {
      NetworkModel.GroupNetwork n = m.networks().get(i);
      GroupFilter g = filters.get(i);
      for (GroupFilter.Allow a : g.allows()) {
        f.append("-A ").append(chain(n.account(), n.group())).append(" -s ").append(a.sourceCidr()).append(" -d ")
            .append(g.subnetCidr()).append(a.match()).append(" -j ACCEPT\n");
      }
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
    // The metadata service knows its caller by the private address: no source NAT on the way there
    // (the cloud controller's host routes the private range back through this one).
    String[] meta = s.metadataTarget().split(":");
    n.append("-A POSTROUTING -s ").append(range).append(" -d ").append(meta[0]).append("/32 -p tcp -m tcp --dport ")
        .append(meta[1]).append(" -j ACCEPT\n");
    for (NetworkModel.PublicAddress a : m.publicAddresses()) {
      n.append("-A POSTROUTING -s ").append(a.privateIp()).append("/32 ! -d ").append(range)
          .append(" -j SNAT --to-source ").append(a.publicIp()).append('\n');
    }
    n.append("-A POSTROUTING -s ").append(range).append(" ! -d ").append(range).append(" -j MASQUERADE\n");
    n.append("COMMIT\n");
    return f.append(n).toString();
  }
}
