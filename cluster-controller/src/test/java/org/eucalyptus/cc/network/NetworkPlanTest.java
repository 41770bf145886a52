package org.eucalyptus.cc.network;

import org.eucalyptus.common.net.NetworkMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class NetworkPlanTest {
  static NetworkSettings managed() {
    return NetworkSettings.from(EucaConf.of(Map.of("VNET_MODE", "MANAGED-NOVLAN", "VNET_SUBNET", "10.10.0.0",
        "VNET_NETMASK", "255.255.0.0", "VNET_ADDRSPERNET", "32", "VNET_PUBLICIPS", "198.51.100.10-198.51.100.12 203.0.113.5",
        "CLC_PUBLIC_HOST", "10.0.0.1")));
  }

  @Test
  void settingsAreReadAndChecked() {
    NetworkSettings s = managed();
    assertThat(s.mode()).isEqualTo(NetworkMode.MANAGED_NOVLAN);
    assertThat(s.subnetCidr()).isEqualTo("10.10.0.0/16");
    assertThat(s.publicIps()).containsExactly("198.51.100.10", "198.51.100.11", "198.51.100.12", "203.0.113.5");
    assertThat(s.metadataTarget()).isEqualTo("10.0.0.1:8773");
    assertThatThrownBy(() -> NetworkSettings.from(EucaConf.of(Map.of("VNET_MODE", "MANAGED", "VNET_ADDRSPERNET", "24"))))
        .hasMessageContaining("power of two");
    assertThatThrownBy(() -> NetworkSettings.from(EucaConf.of(Map.of("VNET_MODE", "MANAGED", "VNET_SUBNET", "10.10.0.5",
        "VNET_NETMASK", "255.255.0.0")))).hasMessageContaining("host bits");
    assertThatThrownBy(() -> NetworkSettings.from(EucaConf.of(Map.of("VNET_MODE", "BRIDGED"))))
        .hasMessageContaining("VNET_MODE must be");
    assertThatThrownBy(() -> NetworkSettings.from(EucaConf.of(Map.of("VNET_NETMASK", "255.0.255.0"))))
        .hasMessageContaining("not a netmask");
    assertThatThrownBy(() -> NetworkSettings.expand("10.0.0.9-10.0.0.1")).hasMessageContaining("backwards");
  }

  @Test
  void eachNetworkIsABlockWithItsGatewayAndInstanceIndexes() {
    AddressPlan plan = new AddressPlan(managed());
    AddressPlan.Subnet first = plan.network(2);
    assertThat(first.cidr()).isEqualTo("10.10.0.0/27");
    assertThat(Ipv4.format(first.gateway())).isEqualTo("10.10.0.1");
    assertThat(Ipv4.format(first.broadcast())).isEqualTo("10.10.0.31");
    assertThat(first.netmask()).isEqualTo("255.255.255.224");
    assertThat(plan.network(10).cidr()).isEqualTo("10.10.1.0/27");
    assertThat(Ipv4.format(plan.address(10, 9))).isEqualTo("10.10.1.9");
    assertThat(Ipv4.format(plan.address(10, 30))).isEqualTo("10.10.1.30");
    assertThatThrownBy(() -> plan.address(10, 8)).hasMessageContaining("outside 9..30");
    assertThatThrownBy(() -> plan.address(10, 31)).hasMessageContaining("outside 9..30");
    assertThat(plan.maxVlan()).isEqualTo(2 + 65536 / 32 - 1);
    assertThatThrownBy(() -> plan.network(3000)).hasMessageContaining("outside 2..2049");
    assertThatThrownBy(() -> plan.network(1)).hasMessageContaining("outside");
  }

  static NetworkModel twoGroups() {
    return new NetworkModel(
        List.of(new NetworkModel.GroupNetwork(11, "111122223333", "db"),
            new NetworkModel.GroupNetwork(10, "111122223333", "web")),
        List.of(new NetworkModel.InstanceNic("i-00000002", "D0:0D:00:00:00:02", "10.10.1.10", 10),
            new NetworkModel.InstanceNic("i-00000001", "d0:0d:00:00:00:01", "10.10.1.9", 10),
            new NetworkModel.InstanceNic("i-00000003", "d0:0d:00:00:00:03", "10.10.1.41", 11)),
        List.of(new NetworkModel.Rule("111122223333", "web", "tcp", 80, 80, "0.0.0.0/0", null, null),
            new NetworkModel.Rule("111122223333", "web", "tcp", 8000, 8080, "192.0.2.0/24", null, null),
            new NetworkModel.Rule("111122223333", "db", "tcp", 5432, 5432, null, "111122223333", "web"),
            new NetworkModel.Rule("111122223333", "web", "icmp", 8, -1, "0.0.0.0/0", null, null),
            new NetworkModel.Rule("111122223333", "gone", "tcp", 22, 22, "0.0.0.0/0", null, null),
            new NetworkModel.Rule("111122223333", "db", "udp", 53, 53, null, "999988887777", "elsewhere")),
        List.of(new NetworkModel.PublicAddress("198.51.100.10", "10.10.1.9")));
  }

  @Test
  void theFirewallIsRenderedWholeAndTheSameEveryTime() {
    NetworkSettings s = managed();
    AddressPlan plan = new AddressPlan(s);
    String text = IptablesRules.render(s, plan, twoGroups());
    String web = IptablesRules.chain("111122223333", "web");
    String db = IptablesRules.chain("111122223333", "db");
    assertThat(web).startsWith("EU-").hasSizeLessThanOrEqualTo(28).isNotEqualTo(db);
    // Only our own chains: declared (so emptied by a --noflush restore), each jumped to first from its built-in.
    assertThat(text).startsWith("*filter\n:EUCA-CC-FORWARD - [0:0]\n")
        .doesNotContain(":FORWARD").doesNotContain(":INPUT").doesNotContain(":PREROUTING")
        .contains("-I FORWARD 1 -j EUCA-CC-FORWARD\n").contains("-I PREROUTING 1 -j EUCA-CC-PREROUTING\n")
        .contains("-I OUTPUT 1 -j EUCA-CC-OUTPUT\n").contains("-I POSTROUTING 1 -j EUCA-CC-POSTROUTING\n")
        .contains("-A EUCA-CC-FORWARD -d 10.10.0.0/16 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n")
        // nothing is let in wholesale, not even from the group's own network: only its rules decide
        .doesNotContain("-s 10.10.1.0/27 -d 10.10.1.0/27 -j ACCEPT\n")
        .contains("-A EUCA-CC-FORWARD -d 10.10.1.0/27 -j " + web + "\n")
        .contains("-A " + web + " -s 0.0.0.0/0 -d 10.10.1.0/27 -p tcp -m tcp --dport 80 -j ACCEPT\n")
        .contains("-A " + web + " -s 192.0.2.0/24 -d 10.10.1.0/27 -p tcp -m tcp --dport 8000:8080 -j ACCEPT\n")
        .contains("-A " + web + " -s 0.0.0.0/0 -d 10.10.1.0/27 -p icmp -m icmp --icmp-type 8 -j ACCEPT\n")
        // a source group is its network's addresses
        .contains("-A " + db + " -s 10.10.1.0/27 -d 10.10.1.32/27 -p tcp -m tcp --dport 5432 -j ACCEPT\n")
        .contains("-A EUCA-CC-FORWARD -s 10.10.0.0/16 ! -d 10.10.0.0/16 -j ACCEPT\n")
        // what no group accepted does not reach the instances, whatever FORWARD's policy
        .contains("-A EUCA-CC-FORWARD -d 10.10.0.0/16 -j DROP\n")
        .contains("*nat\n")
        .contains("-A EUCA-CC-PREROUTING -d 169.254.169.254/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8773\n")
        .contains("-A EUCA-CC-PREROUTING -d 198.51.100.10/32 -j DNAT --to-destination 10.10.1.9\n")
        .contains("-A EUCA-CC-OUTPUT -d 198.51.100.10/32 -j DNAT --to-destination 10.10.1.9\n")
        .contains("-A EUCA-CC-POSTROUTING -s 10.10.1.9/32 ! -d 10.10.0.0/16 -j SNAT --to-source 198.51.100.10\n")
        // the way to the metadata service keeps the instance's own address
        .contains("-A EUCA-CC-POSTROUTING -s 10.10.0.0/16 -d 10.0.0.1/32 -p tcp -m tcp --dport 8773 -j ACCEPT\n")
        .endsWith("-A EUCA-CC-POSTROUTING -s 10.10.0.0/16 ! -d 10.10.0.0/16 -j MASQUERADE\nCOMMIT\n")
        // rules of groups with no network here, or from sources with none, give nothing
        .doesNotContain("--dport 22").doesNotContain("--dport 53");
    assertThat(text.indexOf(" -j SNAT")).isLessThan(text.indexOf(" -j MASQUERADE"));
    assertThat(text.indexOf("--dport 8773 -j ACCEPT")).isLessThan(text.indexOf(" -j SNAT"));
    assertThat(IptablesRules.render(s, plan, twoGroups())).isEqualTo(text);
  }

  @Test
  void onAHostWithOurChainsTheJumpsAreNotAddedAgainAndGoneGroupsChainsAreRemoved() {
    NetworkSettings s = managed();
    String web = IptablesRules.chain("111122223333", "web");
    String gone = IptablesRules.chain("111122223333", "gone");
    IptablesRules.HostChains host = IptablesRules.HostChains.parse("""
        *filter
        :INPUT DROP [0:0]
        :FORWARD ACCEPT [0:0]
        :SITE - [0:0]
        :EUCA-BRIDGED - [0:0]
        :EUCA-CC-FORWARD - [0:0]
        :%s - [0:0]
        :%s - [0:0]
        -A FORWARD -j EUCA-CC-FORWARD
        -A FORWARD -j EUCA-BRIDGED
        COMMIT
        *nat
        :PREROUTING ACCEPT [0:0]
        :EUCA-CC-PREROUTING - [0:0]
        :EUCA-CC-OUTPUT - [0:0]
        :EUCA-CC-POSTROUTING - [0:0]
        -A PREROUTING -j EUCA-CC-PREROUTING
        -A OUTPUT -j EUCA-CC-OUTPUT
        -A POSTROUTING -j EUCA-CC-POSTROUTING
        COMMIT
        """.formatted(web, gone));
    String text = IptablesRules.render(s, new AddressPlan(s), twoGroups(), host);
    assertThat(text).doesNotContain("-I ").contains(":" + gone + " - [0:0]\n").contains("-X " + gone + "\n")
        .doesNotContain("-X " + web).doesNotContain("SITE").doesNotContain("EUCA-BRIDGED");
    // Stop: the jumps, then our chains; the node's chains (a CC and an NC may share a host) and the site's stay.
    assertThat(IptablesRules.removal(host)).isEqualTo("""
        *filter
        -D FORWARD -j EUCA-CC-FORWARD
        :%1$s - [0:0]
        :%2$s - [0:0]
        :EUCA-CC-FORWARD - [0:0]
        -X %1$s
        -X %2$s
        -X EUCA-CC-FORWARD
        COMMIT
        *nat
        -D PREROUTING -j EUCA-CC-PREROUTING
        -D OUTPUT -j EUCA-CC-OUTPUT
        -D POSTROUTING -j EUCA-CC-POSTROUTING
        :EUCA-CC-OUTPUT - [0:0]
        :EUCA-CC-POSTROUTING - [0:0]
        :EUCA-CC-PREROUTING - [0:0]
        -X EUCA-CC-OUTPUT
        -X EUCA-CC-POSTROUTING
        -X EUCA-CC-PREROUTING
        COMMIT
        """.formatted(web.compareTo(gone) < 0 ? web : gone, web.compareTo(gone) < 0 ? gone : web));
    assertThat(IptablesRules.removal(IptablesRules.HostChains.parse("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n"))).isEmpty();
  }

  @Test
  void theNodesBridgeFilterComesFromTheSameResolvedRules() {
    AddressPlan plan = new AddressPlan(managed());
    java.util.List<org.eucalyptus.common.net.GroupFilter> filters = GroupFilters.of(plan, twoGroups());
    assertThat(filters).extracting(org.eucalyptus.common.net.GroupFilter::tag).containsExactly(10, 11);
    String text = org.eucalyptus.common.net.BridgeFilterRules.render(filters, tag -> "eucabr" + tag);
    assertThat(text).startsWith("*filter\n:EUCA-BRIDGED - [0:0]\n:EUCA-G10 - [0:0]\n:EUCA-G11 - [0:0]\n")
        // to and from the gateway (DHCP, the way out through the cluster controller) is not filtered here
        .contains("-A EUCA-BRIDGED -i eucabr10 -o eucabr10 -s 10.10.1.1/32 -j RETURN\n")
        .contains("-A EUCA-BRIDGED -i eucabr10 -o eucabr10 -d 10.10.1.1/32 -j RETURN\n")
        .contains("-A EUCA-BRIDGED -i eucabr10 -o eucabr10 -d 10.10.1.0/27 -j EUCA-G10\n")
        .contains("-A EUCA-G10 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n")
        .contains("-A EUCA-G10 -s 0.0.0.0/0 -p tcp -m tcp --dport 80 -j ACCEPT\n")
        .contains("-A EUCA-G10 -s 192.0.2.0/24 -p tcp -m tcp --dport 8000:8080 -j ACCEPT\n")
        .contains("-A EUCA-G11 -s 10.10.1.0/27 -p tcp -m tcp --dport 5432 -j ACCEPT\n")
        .endsWith("-A EUCA-G11 -j DROP\nCOMMIT\n")
        .doesNotContain("--dport 22").doesNotContain("--dport 53");
  }

  @Test
  void dhcpGivesEachKnownMacItsAddressAndEachNetworkItsGateway() {
    NetworkSettings s = managed();
    AddressPlan plan = new AddressPlan(s);
    assertThat(DhcpHosts.hostsFile(twoGroups())).isEqualTo("""
        d0:0d:00:00:00:01,10.10.1.9,i-00000001
        d0:0d:00:00:00:02,10.10.1.10,i-00000002
        d0:0d:00:00:00:03,10.10.1.41,i-00000003
        """);
    String conf = DhcpHosts.config(s, plan, twoGroups(), "/run/cc/hosts", "/run/cc/leases");
    assertThat(conf).contains("dhcp-hostsfile=/run/cc/hosts\n")
        .contains("dhcp-range=set:net10,10.10.1.0,static,255.255.255.224,1h\n")
        .contains("dhcp-option=tag:net10,option:router,10.10.1.1\n")
        .contains("dhcp-range=set:net11,10.10.1.32,static,255.255.255.224,1h\n")
        .contains("dhcp-option=tag:net11,option:dns-server,8.8.8.8\n");
  }
}
