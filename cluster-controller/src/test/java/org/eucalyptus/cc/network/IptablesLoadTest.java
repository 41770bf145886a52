package org.eucalyptus.cc.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.NetworkNamespaces;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster controller's firewall on a host that has a firewall of its own: a fresh network
 * namespace stands in for the front end, with the site's rules, chains and a DROP policy. The CC's
 * rules load with {@code iptables-restore --noflush} into its own chains, reload unchanged, survive
 * a restarted CC without doubling the jumps, and go entirely at stop, leaving the host's firewall
 * as it was. Needs root, iptables and dnsmasq.
 */
@RootTest
class IptablesLoadTest {
  final CommandRunner commands = new CommandRunner(Duration.ofSeconds(20));
  final String ns = "euca-cc-" + Long.toHexString(System.nanoTime() & 0xffffff);
  final NetworkNamespaces namespaces = new NetworkNamespaces();
  @TempDir Path state;

  @BeforeEach
  void namespace() throws Exception {
    HostParts.requireRootAnd("iptables-restore", "iptables-save", "dnsmasq");
    namespaces.add(ns);
  }

  @AfterEach
  void remove() throws Exception {
    namespaces.close();
  }

  @Test
  void theRenderedRulesLoadAndReloadUnchanged() throws Exception {
    NetworkSettings s = NetworkPlanTest.managed();
    String rules = IptablesRules.render(s, new AddressPlan(s), NetworkPlanTest.twoGroups());
    commands.run(List.of("ip", "netns", "exec", ns, "iptables-restore", "--noflush", "--test"), rules);
    commands.run(List.of("ip", "netns", "exec", ns, "iptables-restore", "--noflush"), rules);
    String saved = save();
    String web = IptablesRules.chain("111122223333", "web");
    assertThat(saved).contains("-A FORWARD -j EUCA-CC-FORWARD").contains("-A EUCA-CC-FORWARD -d 10.10.1.0/27 -j " + web)
        .contains("-A " + web + " -d 10.10.1.0/27 -p tcp -m tcp --dport 80 -j ACCEPT")
        .contains("-A EUCA-CC-PREROUTING -d 198.51.100.10/32 -j DNAT --to-destination 10.10.1.9");
    // Loaded again for a host that has the jumps: the same firewall.
    commands.run(List.of("ip", "netns", "exec", ns, "iptables-restore", "--noflush"),
        IptablesRules.render(s, new AddressPlan(s), NetworkPlanTest.twoGroups(), IptablesRules.HostChains.parse(saved)));
    assertThat(save()).isEqualTo(saved);
  }

  @Test
  void theHostsOwnRulesAndPoliciesSurviveApplyRestartAndStop() throws Exception {
    in("ip", "link", "add", "priv0", "type", "veth", "peer", "name", "pub0");
    in("ip", "link", "set", "priv0", "up");
    in("ip", "link", "set", "pub0", "up");
    // The site's own firewall: a policy, a chain, rules in filter and nat.
    in("iptables", "-P", "INPUT", "DROP");
    in("iptables", "-N", "SITE-IN");
    in("iptables", "-A", "SITE-IN", "-s", "192.0.2.7/32", "-j", "ACCEPT");
    in("iptables", "-A", "INPUT", "-j", "SITE-IN");
    in("iptables", "-A", "FORWARD", "-s", "192.0.2.8/32", "-j", "ACCEPT");
    in("iptables", "-t", "nat", "-N", "SITE-NAT");
    in("iptables", "-t", "nat", "-A", "PREROUTING", "-j", "SITE-NAT");
    in("iptables", "-t", "nat", "-A", "POSTROUTING", "-s", "192.168.50.0/24", "-j", "MASQUERADE");
    String site = save();

    NetworkSettings s = NetworkSettings.from(org.eucalyptus.common.config.EucaConf.of(java.util.Map.of("VNET_MODE",
        "MANAGED-NOVLAN", "VNET_SUBNET", "10.10.0.0", "VNET_NETMASK", "255.255.0.0", "VNET_ADDRSPERNET", "32",
        "VNET_PUBLICIPS", "198.51.100.10-198.51.100.12", "VNET_PRIVINTERFACE", "priv0", "VNET_PUBINTERFACE", "pub0",
        "CLC_PUBLIC_HOST", "10.0.0.1")));
    String web = IptablesRules.chain("111122223333", "web");
    String db = IptablesRules.chain("111122223333", "db");
    NetworkApplier first = applier(s);
    first.apply(NetworkPlanTest.twoGroups());
    String applied = save();
    assertThat(applied).contains(":INPUT DROP").contains(":FORWARD ACCEPT").contains("-A SITE-IN -s 192.0.2.7/32 -j ACCEPT")
        .contains("-A INPUT -j SITE-IN").contains("-A FORWARD -s 192.0.2.8/32 -j ACCEPT").contains("-A PREROUTING -j SITE-NAT")
        .contains("-A POSTROUTING -s 192.168.50.0/24 -j MASQUERADE")
        .contains("-A EUCA-CC-FORWARD -d 10.10.1.0/27 -j " + web).contains("-A EUCA-CC-FORWARD -d 10.10.1.32/27 -j " + db)
        .contains("-A EUCA-CC-PREROUTING -d 198.51.100.10/32 -j DNAT --to-destination 10.10.1.9");
    // Our jumps come first, so the site's rules cannot bypass the groups' filters.
    assertThat(chainRules(applied, "FORWARD")).containsExactly("-A FORWARD -j EUCA-CC-FORWARD",
        "-A FORWARD -s 192.0.2.8/32 -j ACCEPT");
    assertThat(chainRules(applied, "PREROUTING")).containsExactly("-A PREROUTING -j EUCA-CC-PREROUTING",
        "-A PREROUTING -j SITE-NAT");

    // The db group's network stopped: its chain goes, nothing else moves.
    NetworkModel webOnly = new NetworkModel(List.of(NetworkPlanTest.twoGroups().networks().get(0)),
        NetworkPlanTest.twoGroups().instances().subList(0, 2), NetworkPlanTest.twoGroups().rules(),
        NetworkPlanTest.twoGroups().publicAddresses());
    first.apply(webOnly);
    String afterStop = save();
    assertThat(afterStop).doesNotContain(db).contains(web);
    first.close();

    // A restarted cluster controller applies the same model from nothing: the same firewall, one jump each.
    NetworkApplier second = applier(s);
    second.apply(webOnly);
    assertThat(save()).isEqualTo(afterStop);

    // Stop: our chains and jumps go; the site's firewall is as it was.
    second.stop();
    assertThat(save()).isEqualTo(site);
    second.close();
  }

  private NetworkApplier applier(NetworkSettings s) throws Exception {
    return new NetworkApplier(s, commands, List.of("ip", "netns", "exec", ns), state.resolve("applied"), "", List.of());
  }

  private void in(String... argv) throws CommandRunner.CommandException {
    List<String> all = new java.util.ArrayList<>(List.of("ip", "netns", "exec", ns));
    all.addAll(List.of(argv));
    commands.run(all, null);
  }

  /** The namespace's firewall without iptables-save's comments (they carry the time) and counters. */
  private String save() throws CommandRunner.CommandException {
    return commands.run("ip", "netns", "exec", ns, "iptables-save").stdout().replaceAll("(?m)^#.*\\n", "")
        .replaceAll("\\[\\d+:\\d+\\]", "[0:0]");
  }

  private static List<String> chainRules(String saved, String chain) {
    return saved.lines().filter(l -> l.startsWith("-A " + chain + " ")).toList();
  }
}
