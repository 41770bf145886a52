package org.eucalyptus.cc.network;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eucalyptus.common.auth.Crypto;
import org.eucalyptus.common.net.GroupFilter;

/**
 * Renders a {@link NetworkModel} as one {@code iptables-restore --noflush} document for the cluster
 * controller's filter and nat tables: the whole of the cloud's firewall at once, applied atomically,
 * in chains of its own, so the host's other rules and its chains' policies stay as they are.
 *
 * <ul>
 *   <li>Our chains: {@code EUCA-CC-FORWARD} (filter), {@code EUCA-CC-PREROUTING}, {@code EUCA-CC-OUTPUT}
 *       and {@code EUCA-CC-POSTROUTING} (nat), each jumped to first from the built-in chain of its
 *       name; the jump is added only where the host lacks it, so it is there once however often
 *       this is applied. Declaring a chain in a {@code --noflush} restore empties it: each apply
 *       replaces our chains' rules and nothing else.
 *   <li>filter: traffic into the instances' range goes through its group's chain
 *       ({@code EU-<hash of account/group>}), which accepts what the group's rules allow; replies into
 *       the range pass; the rest into the range is dropped; instances may reach anything outside it.
 *       Other traffic returns to FORWARD untouched. Group chains no longer in the model are removed.
 *   <li>nat: each public address is DNATed to its instance and the instance SNATed to it; the
 *       metadata address 169.254.169.254:80 is DNATed to the cloud controller (keeping the instance's
 *       own address as the source, by which the metadata service knows it); other traffic leaving
 *       the private range is masqueraded.
 * </ul>
 */
public final class IptablesRules {
  /** Our chain in filter, and those in nat: each jumped to from the built-in chain it is named after. */
  public static final String FORWARD = "EUCA-CC-FORWARD";
  public static final String PREROUTING = "EUCA-CC-PREROUTING";
  public static final String OUTPUT = "EUCA-CC-OUTPUT";
  public static final String POSTROUTING = "EUCA-CC-POSTROUTING";
  private static final java.util.regex.Pattern GROUP_CHAIN = java.util.regex.Pattern.compile("EU-[0-9A-F]{20}");
  private static final Map<String, List<String>> OURS = Map.of(
      "filter", List.of(FORWARD), "nat", List.of(PREROUTING, OUTPUT, POSTROUTING));

  private IptablesRules() {}

  /** The chain of a group: short (iptables allows 28 characters) and the same on every render. */
  public static String chain(String account, String group) {
    return "EU-" + Crypto.sha256Hex(account + "/" + group).substring(0, 20).toUpperCase(Locale.ROOT);
  }

  /**
   * What of ours a host's firewall holds now, read from {@code iptables-save}: our chains (and
   * group chains) per table, and how many jumps into our chains each built-in chain has.
   */
  public record HostChains(Map<String, Set<String>> chains, Map<String, Integer> jumps) {
    /** A host without anything of ours. */
    public static final HostChains NONE = new HostChains(Map.of(), Map.of());

    public static HostChains parse(String iptablesSave) {
      Map<String, Set<String>> chains = new TreeMap<>();
      Map<String, Integer> jumps = new TreeMap<>();
      String table = "";
      for (String line : iptablesSave.lines().toList()) {
        if (line.startsWith("*")) {
          table = line.substring(1).strip();
        } else if (line.startsWith(":")) {
          String name = line.substring(1).split(" ")[0];
          if (isOurs(table, name)) {
            chains.computeIfAbsent(table, t -> new TreeSet<>()).add(name);
          }
        } else if (line.startsWith("-A ")) {
          String[] w = line.split(" ");
          if (w.length == 4 && w[2].equals("-j") && OURS.getOrDefault(table, List.of()).contains(w[3])
              && w[3].equals("EUCA-CC-" + w[1])) {
            jumps.merge(table + " " + w[1], 1, Integer::sum);
          }
        }
      }
      return new HostChains(chains, jumps);
    }

    Set<String> chains(String table) {
      return chains.getOrDefault(table, Set.of());
    }

    int jumps(String table, String builtin) {
      return jumps.getOrDefault(table + " " + builtin, 0);
    }

    /** Whether the host holds any chain or jump of ours. */
    public boolean any() {
      return !chains.isEmpty() || !jumps.isEmpty();
    }
  }

  private static boolean isOurs(String table, String chain) {
    return OURS.getOrDefault(table, List.of()).contains(chain) || (table.equals("filter") && GROUP_CHAIN.matcher(chain).matches());
  }

  /** The document for a host with nothing of ours yet (what a model renders to, for comparison). */
  public static String render(NetworkSettings s, AddressPlan plan, NetworkModel m) {
    return render(s, plan, m, HostChains.NONE);
  }

  /** The document that makes {@code host}'s chains of ours hold {@code m}'s rules, loaded with --noflush. */
  public static String render(NetworkSettings s, AddressPlan plan, NetworkModel m, HostChains host) {
    String range = s.subnetCidr();
    List<GroupFilter> filters = GroupFilters.of(plan, m);
    Set<String> groups = new LinkedHashSet<>();
    m.networks().forEach(n -> groups.add(chain(n.account(), n.group())));
    Set<String> stale = new TreeSet<>(host.chains("filter"));
    stale.removeAll(groups);
    stale.remove(FORWARD);

    StringBuilder f = new StringBuilder("*filter\n");
    f.append(':').append(FORWARD).append(" - [0:0]\n");
    groups.forEach(g -> f.append(':').append(g).append(" - [0:0]\n"));
    stale.forEach(g -> f.append(':').append(g).append(" - [0:0]\n")); // emptied here, removed below
    jump(f, host, "filter", "FORWARD");
    String fwd = "-A " + FORWARD;
    f.append(fwd).append(" -d ").append(range).append(" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n");
    for (int i = 0; i < filters.size(); i++) {
      NetworkModel.GroupNetwork n = m.networks().get(i);
      f.append(fwd).append(" -d ").append(filters.get(i).subnetCidr()).append(" -j ").append(chain(n.account(), n.group()))
          .append('\n');
    }
    f.append(fwd).append(" -s ").append(range).append(" ! -d ").append(range).append(" -j ACCEPT\n");
    // Into the instances' range only what a group's chain accepted (FORWARD's policy is the host's).
    f.append(fwd).append(" -d ").append(range).append(" -j DROP\n");
    for (int i = 0; i < filters.size(); i++) {
      NetworkModel.GroupNetwork n = m.networks().get(i);
      GroupFilter g = filters.get(i);
      for (GroupFilter.Allow a : g.allows()) {
        f.append("-A ").append(chain(n.account(), n.group())).append(" -s ").append(a.sourceCidr()).append(" -d ")
            .append(g.subnetCidr()).append(a.match()).append(" -j ACCEPT\n");
      }
    }
    stale.forEach(g -> f.append("-X ").append(g).append('\n'));
    f.append("COMMIT\n");

    StringBuilder n = new StringBuilder("*nat\n");
    for (String c : OURS.get("nat")) {
      n.append(':').append(c).append(" - [0:0]\n");
    }
    jump(n, host, "nat", "PREROUTING");
    jump(n, host, "nat", "OUTPUT");
    jump(n, host, "nat", "POSTROUTING");
    n.append("-A ").append(PREROUTING).append(" -d 169.254.169.254/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination ")
        .append(s.metadataTarget()).append('\n');
    for (NetworkModel.PublicAddress a : m.publicAddresses()) {
      n.append("-A ").append(PREROUTING).append(" -d ").append(a.publicIp()).append("/32 -j DNAT --to-destination ")
          .append(a.privateIp()).append('\n');
      n.append("-A ").append(OUTPUT).append(" -d ").append(a.publicIp()).append("/32 -j DNAT --to-destination ")
          .append(a.privateIp()).append('\n');
    }
    // The metadata service knows its caller by the private address: no source NAT on the way there
    // (the cloud controller's host routes the private range back through this one). ACCEPT in nat
    // ends the packet's way through the whole table, so the masquerade below does not apply.
    String[] meta = s.metadataTarget().split(":");
    String post = "-A " + POSTROUTING;
    n.append(post).append(" -s ").append(range).append(" -d ").append(meta[0]).append("/32 -p tcp -m tcp --dport ")
        .append(meta[1]).append(" -j ACCEPT\n");
    for (NetworkModel.PublicAddress a : m.publicAddresses()) {
      n.append(post).append(" -s ").append(a.privateIp()).append("/32 ! -d ").append(range)
          .append(" -j SNAT --to-source ").append(a.publicIp()).append('\n');
    }
    n.append(post).append(" -s ").append(range).append(" ! -d ").append(range).append(" -j MASQUERADE\n");
    n.append("COMMIT\n");
    return f.append(n).toString();
  }

  /** The jump from a built-in chain to ours, first in it, unless the host has it already. */
  private static void jump(StringBuilder b, HostChains host, String table, String builtin) {
    if (host.jumps(table, builtin) == 0) {
      b.append("-I ").append(builtin).append(" 1 -j EUCA-CC-").append(builtin).append('\n');
    }
  }

  /**
   * The document that takes everything of ours off {@code host}: the jumps, then our chains
   * (emptied, then deleted); empty if the host holds nothing of ours.
   */
  public static String removal(HostChains host) {
    StringBuilder b = new StringBuilder();
    for (String table : List.of("filter", "nat")) {
      Set<String> chains = host.chains(table);
      boolean jumps = false;
      StringBuilder t = new StringBuilder("*").append(table).append('\n');
      for (String c : OURS.get(table)) {
        String builtin = c.substring("EUCA-CC-".length());
        for (int k = 0; k < host.jumps(table, builtin); k++) {
          t.append("-D ").append(builtin).append(" -j ").append(c).append('\n');
          jumps = true;
        }
      }
      if (chains.isEmpty() && !jumps) {
        continue;
      }
      chains.forEach(c -> t.append(':').append(c).append(" - [0:0]\n"));
      chains.forEach(c -> t.append("-X ").append(c).append('\n'));
      b.append(t).append("COMMIT\n");
    }
    return b.toString();
  }
}
