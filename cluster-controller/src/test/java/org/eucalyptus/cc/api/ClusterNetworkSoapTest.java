package org.eucalyptus.cc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.cc.network.IptablesRules;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.testfixtures.NetworkNamespaces;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.wsdl.cc.AssignAddress;
import org.eucalyptus.wsdl.cc.ConfigureNetwork;
import org.eucalyptus.wsdl.cc.DescribeNetworks;
import org.eucalyptus.wsdl.cc.DescribeNetworksResponse;
import org.eucalyptus.wsdl.cc.DescribePublicAddresses;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.cc.NetworkRuleType;
import org.eucalyptus.wsdl.cc.StartNetwork;
import org.eucalyptus.wsdl.cc.StopNetwork;
import org.eucalyptus.wsdl.cc.UnassignAddress;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's network operations through the CC's SOAP API (MANAGED-NOVLAN, its networking in a
 * namespace of its own: CC_NETNS): networks, an account's rules, public addresses; what they do to
 * the firewall; DescribeNetworks and DescribePublicAddresses; a restarted CC that rebuilds the same
 * network; and the faults for bad input and for modes without these features.
 */
@RootTest
class ClusterNetworkSoapTest {
  static final String ACCOUNT = "111122223333";
  final CommandRunner sh = new CommandRunner(Duration.ofSeconds(20));
  final String ns = NetworkNamespaces.uniqueName("ecs");
  final NetworkNamespaces namespaces = new NetworkNamespaces();
  @TempDir Path state;
  ClusterController cc;
  EucalyptusCCPortType client;

  @BeforeEach
  void host() throws Exception {
    org.eucalyptus.testfixtures.HostParts.requireRootAnd("ip", "iptables", "iptables-restore", "iptables-save", "dnsmasq");
    namespaces.add(ns);
    sh.run("ip", "-n", ns, "link", "add", "priv0", "type", "veth", "peer", "name", "pub0");
    sh.run("ip", "-n", ns, "link", "set", "priv0", "up");
    sh.run("ip", "-n", ns, "link", "set", "pub0", "up");
  }

  void startCc(String mode) throws Exception {
    startCc(mode, Map.of());
  }

  void startCc(String mode, Map<String, String> extra) throws Exception {
    cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1", "VNET_MODE", mode,
        "VNET_SUBNET", "10.10.0.0", "VNET_NETMASK", "255.255.0.0", "VNET_ADDRSPERNET", "32",
        "VNET_PRIVINTERFACE", "priv0", "VNET_PUBINTERFACE", "pub0", "CC_NETNS", ns,
        "CC_STATE_DIR", state.toString())).with(extra)).start();
    client = SoapClients.create(EucalyptusCCPortType.class, "http://127.0.0.1:" + cc.port() + ClusterController.PATH,
        Duration.ofSeconds(2), Duration.ofSeconds(30));
  }

  @AfterEach
  void remove() throws Exception {
    if (cc != null) {
      cc.close();
    }
    namespaces.close();
  }

  String rules() throws Exception {
    return sh.run("ip", "netns", "exec", ns, "iptables-save").stdout().replaceAll("(?m)^#.*\\n", "")
        .replaceAll("\\[\\d+:\\d+\\]", "");
  }

  static NetworkRuleType rule(String group, String protocol, int from, int to, List<String> cidrs,
      List<String> sourceGroups) {
    NetworkRuleType r = new NetworkRuleType();
    r.setType("firewall-open");
    r.setDestUserName(ACCOUNT);
    r.setDestName(group);
    r.setProtocol(protocol);
    r.setPortRangeMin(from);
    r.setPortRangeMax(to);
    r.getSourceNets().addAll(cidrs);
    for (String g : sourceGroups) {
      r.getSourceNames().add(g);
      r.getUserNames().add(ACCOUNT);
    }
    return r;
  }

  void start(int vlan, String group) throws Exception {
    StartNetwork s = new StartNetwork();
    s.setVlan(vlan);
    s.setNetName(group);
    s.setAccountId(ACCOUNT);
    client.startNetwork(s);
  }

  @Test
  void networksRulesAndAddressesThroughSoapSurviveARestart() throws Exception {
    startCc("MANAGED-NOVLAN");
    start(10, "web");
    start(11, "db");
    ConfigureNetwork c = new ConfigureNetwork();
    c.setAccountId(ACCOUNT);
    c.getRules().add(rule("web", "tcp", 22, 22, List.of("0.0.0.0/0"), List.of()));
    c.getRules().add(rule("db", "tcp", 5432, 5432, List.of(), List.of("web")));
    client.configureNetwork(c);
    AssignAddress a = new AssignAddress();
    a.setSource("10.99.0.50");
    a.setDest("10.10.1.9");
    client.assignAddress(a);

    String web = IptablesRules.chain(ACCOUNT, "web");
    String db = IptablesRules.chain(ACCOUNT, "db");
    String applied = rules();
    assertThat(applied).contains("-A " + web + " -d 10.10.1.0/27 -p tcp -m tcp --dport 22 -j ACCEPT")
        .contains("-A " + db + " -s 10.10.1.0/27 -d 10.10.1.32/27 -p tcp -m tcp --dport 5432 -j ACCEPT")
        .contains("-A EUCA-CC-PREROUTING -d 10.99.0.50/32 -j DNAT --to-destination 10.10.1.9");

    DescribeNetworksResponse d = client.describeNetworks(new DescribeNetworks());
    assertThat(d.getMode()).isEqualTo("MANAGED-NOVLAN");
    assertThat(d.getUseVlans()).isZero();
    assertThat(d.getAddrsPerNet()).isEqualTo(32);
    assertThat(d.getAddrIndexMin()).isEqualTo(9);
    assertThat(d.getAddrIndexMax()).isEqualTo(30);
    assertThat(d.getVnetSubnet()).isEqualTo("10.10.0.0");
    assertThat(d.getVnetNetmask()).isEqualTo("255.255.0.0");
    assertThat(d.getActiveNetworks()).extracting(n -> n.getVlan() + "/" + n.getUserName() + "/" + n.getNetName())
        .containsExactly("10/" + ACCOUNT + "/web", "11/" + ACCOUNT + "/db");
    assertThat(client.describePublicAddresses(new DescribePublicAddresses()).getAddresses())
        .extracting(p -> p.getSourceAddress() + "->" + p.getDestAddress()).containsExactly("10.99.0.50->10.10.1.9");

    // A restarted cluster controller rebuilds the same network from its state, without a call.
    cc.close();
    startCc("MANAGED-NOVLAN");
    assertThat(rules()).isEqualTo(applied);
    assertThat(client.describePublicAddresses(new DescribePublicAddresses()).getAddresses()).hasSize(1);

    UnassignAddress u = new UnassignAddress();
    u.setSource("10.99.0.50");
    client.unassignAddress(u);
    StopNetwork stop = new StopNetwork();
    stop.setVlan(11);
    client.stopNetwork(stop);
    assertThat(rules()).doesNotContain("10.99.0.50").doesNotContain(db);
  }

  @Test
  void instancesGetDistinctAddressesOnTheirGroupsNetworkAndDhcpEntries() throws Exception {
    // libvirt0 is a dependency of the whole build here (the CC tests start real NCs on its test driver).
    try (org.eucalyptus.nc.NodeController nc = new org.eucalyptus.nc.NodeController(EucaConf.of(Map.of("NC_PORT", "0",
        "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test", "INSTANCE_PATH", state.resolve("nc").toString(),
        "MAX_CORES", "8", "MAX_MEM", "8192", "MAX_DISK", "100", "NC_MONITOR_MS", "200"))).start()) {
      startCc("MANAGED-NOVLAN", Map.of("NODES", "127.0.0.1:" + nc.port()));
      awaitCapacity(client, 4);
      start(10, "web");
      org.eucalyptus.wsdl.cc.RunInstances r = ClusterControllerIntegrationTest.run(
          List.of("i-0A000001", "i-0A000002", "i-0A000003"), 3);
      r.setVlan(10);
      // The CLC's MACs name the prefix (its cloud.vmstate.mac_prefix); the rest is the address's, so a
      // DHCP lease left by the address's last instance fits its next one.
      r.getMacAddresses().addAll(List.of("02:ab:0a:00:00:01", "02:ab:0a:00:00:02", "02:ab:0a:00:00:03"));
      List<org.eucalyptus.wsdl.types.CcInstanceType> started = client.runInstances(r).getInstances();
      List<String> ips = started.stream().map(i -> i.getNetParams().getPrivateIp()).toList();
      assertThat(ips).containsExactlyInAnyOrder("10.10.1.9", "10.10.1.10", "10.10.1.11");
      assertThat(started).allMatch(i -> i.getNetParams().getPrivateMacAddress()
          .equals(org.eucalyptus.common.net.MacAddresses.forAddress("02:ab", i.getNetParams().getPrivateIp())));
      String hosts = java.nio.file.Files.readString(state.resolve("applied/dhcp-hosts"));
      assertThat(hosts.lines()).hasSize(3).allMatch(l -> l.matches("02:ab:0a:0a:01:(09|0a|0b),10\\.10\\.1\\.(9|10|11),i-0A00000[123]"))
          .allMatch(l -> l.startsWith(org.eucalyptus.common.net.MacAddresses.forAddress("02:ab", l.split(",")[1])));
      // A taken index, a network not started, and no network at all are refused.
      org.eucalyptus.wsdl.cc.RunInstances taken = ClusterControllerIntegrationTest.run(List.of("i-0A000004"), 1);
      taken.setVlan(10);
      taken.getNetworkIndexList().add(9);
      assertFault(() -> client.runInstances(taken), "InvalidParameterValue", "taken");
      org.eucalyptus.wsdl.cc.RunInstances nowhere = ClusterControllerIntegrationTest.run(List.of("i-0A000005"), 1);
      nowhere.setVlan(12);
      assertFault(() -> client.runInstances(nowhere), "InvalidParameterValue", "has not been started");
      org.eucalyptus.wsdl.cc.RunInstances none = ClusterControllerIntegrationTest.run(List.of("i-0A000006"), 1);
      assertFault(() -> client.runInstances(none), "InvalidParameterValue", "vlan");
      // A terminated instance leaves DHCP, and its address is free again.
      org.eucalyptus.wsdl.cc.TerminateInstances t = new org.eucalyptus.wsdl.cc.TerminateInstances();
      t.getInstanceIds().add("i-0A000001");
      client.terminateInstances(t);
      long end = System.nanoTime() + 20_000_000_000L;
      while (java.nio.file.Files.readString(state.resolve("applied/dhcp-hosts")).contains("i-0A000001")) {
        assertThat(System.nanoTime()).isLessThan(end);
        Thread.sleep(200);
      }
      org.eucalyptus.wsdl.cc.RunInstances again = ClusterControllerIntegrationTest.run(List.of("i-0A000007"), 1);
      again.setVlan(10);
      String freed = ips.get(0);
      assertThat(client.runInstances(again).getInstances().get(0).getNetParams().getPrivateIp()).isEqualTo(freed);
    }
  }

  /** The node's firewall, in the namespace that stands for the node host. */
  String nodeRules(String nodeNs) throws Exception {
    return sh.run("ip", "netns", "exec", nodeNs, "iptables", "-S").stdout();
  }

  void within(int seconds, String what, java.util.concurrent.Callable<Boolean> check) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (!check.call()) {
      assertThat(System.nanoTime()).as(what + " within " + seconds + " s").isLessThan(end);
      Thread.sleep(100);
    }
  }

  @Test
  void theNodesBridgeFiltersFollowTheRulesOverSoap() throws Exception {
    org.eucalyptus.testfixtures.HostParts.requireBridgeFilter();
    // The node's networking in a namespace of its own (NC_NETNS), with the MANAGED-NOVLAN bridge.
    String nodeNs = namespaces.add(ns + "n"); // removed, with the CC's, after the test
    sh.run("ip", "-n", nodeNs, "link", "add", "br0", "type", "bridge");
    try (org.eucalyptus.nc.NodeController nc = new org.eucalyptus.nc.NodeController(EucaConf.of(Map.of("NC_PORT",
        "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test", "INSTANCE_PATH", state.resolve("nc").toString(),
        "MAX_CORES", "8", "MAX_MEM", "8192", "MAX_DISK", "100", "VNET_MODE", "MANAGED-NOVLAN", "VNET_BRIDGE", "br0"))
        .with(Map.of("NC_NETNS", nodeNs))).start()) {
      startCc("MANAGED-NOVLAN", Map.of("NODES", "127.0.0.1:" + nc.port(), "CC_NODE_NETWORK_RESEND_SEC", "1"));
      awaitCapacity(client, 1);
      start(10, "web");
      ConfigureNetwork c = new ConfigureNetwork();
      c.setAccountId(ACCOUNT);
      c.getRules().add(rule("web", "tcp", 22, 22, List.of("0.0.0.0/0"), List.of()));
      c.getRules().add(rule("web", "tcp", 8080, 8080, List.of(), List.of("web")));
      client.configureNetwork(c);
      within(5, "the node's filter", () -> nodeRules(nodeNs).contains("-A EUCA-G10 -p tcp -m tcp --dport 22 -j ACCEPT"));
      assertThat(nodeRules(nodeNs)).contains("-A FORWARD -j EUCA-BRIDGED")
          .contains("-A EUCA-BRIDGED -d 10.10.1.0/27 -i br0 -o br0 -j EUCA-G10")
          .contains("-A EUCA-G10 -s 10.10.1.0/27 -p tcp -m tcp --dport 8080 -j ACCEPT")
          .contains("-A EUCA-G10 -j DROP");
      assertThat(sh.run("ip", "netns", "exec", nodeNs, "sysctl", "-n", "net.bridge.bridge-nf-call-iptables")
          .stdout().strip()).isEqualTo("1");
      // Rules lost on the node while it runs (flushed by hand) come back with the CC's next resend.
      sh.run("ip", "netns", "exec", nodeNs, "iptables", "-F", "EUCA-G10");
      assertThat(nodeRules(nodeNs)).doesNotContain("--dport 22");
      within(8, "the flushed chain mended", () -> nodeRules(nodeNs).contains("-A EUCA-G10 -p tcp -m tcp --dport 22 -j ACCEPT"));
      // A launch readies the node first (its network and filters), then starts the instance there.
      org.eucalyptus.wsdl.cc.RunInstances r = ClusterControllerIntegrationTest.run(List.of("i-0B000001"), 1);
      r.setVlan(10);
      assertThat(client.runInstances(r).getInstances().get(0).getStateName()).isNotEqualTo("Teardown");
      // Revoking reaches the node within seconds; a stopped network's chain goes.
      ConfigureNetwork revoked = new ConfigureNetwork();
      revoked.setAccountId(ACCOUNT);
      revoked.getRules().add(rule("web", "tcp", 8080, 8080, List.of(), List.of("web")));
      client.configureNetwork(revoked);
      within(5, "the revoked rule gone", () -> !nodeRules(nodeNs).contains("--dport 22"));
      StopNetwork stop = new StopNetwork();
      stop.setVlan(10);
      client.stopNetwork(stop);
      within(5, "the stopped network's chain gone", () -> !nodeRules(nodeNs).contains("EUCA-G10"));
      assertThat(nodeRules(nodeNs)).contains("-N EUCA-BRIDGED");

      // The node checks what reaches its iptables command line.
      org.eucalyptus.wsdl.nc.EucalyptusNCPortType ncClient = SoapClients.create(
          org.eucalyptus.wsdl.nc.EucalyptusNCPortType.class, "http://127.0.0.1:" + nc.port()
              + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2), Duration.ofSeconds(10));
      org.eucalyptus.wsdl.nc.NcConfigureNetwork bad = new org.eucalyptus.wsdl.nc.NcConfigureNetwork();
      org.eucalyptus.wsdl.nc.GroupFilterType f = new org.eucalyptus.wsdl.nc.GroupFilterType();
      f.setVlan(10);
      f.setSubnet("10.10.1.0/27 -j ACCEPT");
      f.setGateway("10.10.1.1");
      bad.getFilter().add(f);
      assertThatThrownBy(() -> ncClient.ncConfigureNetwork(bad))
          .isInstanceOfSatisfying(org.eucalyptus.wsdl.types.EucalyptusFault_Exception.class, e -> {
            assertThat(e.getFaultInfo().getCode()).isEqualTo("InvalidParameterValue");
            assertThat(e.getFaultInfo().getMessage()).contains("not a CIDR");
          });
    }
  }

  @Test
  void badInputIsAFaultWithAReason() throws Exception {
    startCc("MANAGED-NOVLAN");
    ConfigureNetwork gre = new ConfigureNetwork();
    gre.setAccountId(ACCOUNT);
    gre.getRules().add(rule("web", "gre", 0, 0, List.of("0.0.0.0/0"), List.of()));
    assertFault(() -> client.configureNetwork(gre), "InvalidParameter", "protocol");
    ConfigureNetwork badPorts = new ConfigureNetwork();
    badPorts.setAccountId(ACCOUNT);
    badPorts.getRules().add(rule("web", "tcp", 9000, 80, List.of("0.0.0.0/0"), List.of()));
    assertFault(() -> client.configureNetwork(badPorts), "InvalidParameter", "not a range");
    ConfigureNetwork badCidr = new ConfigureNetwork();
    badCidr.setAccountId(ACCOUNT);
    badCidr.getRules().add(rule("web", "tcp", 1, 2, List.of("everywhere"), List.of()));
    assertFault(() -> client.configureNetwork(badCidr), "InvalidParameter", "not a CIDR");
    StartNetwork nameless = new StartNetwork();
    nameless.setVlan(10);
    assertFault(() -> client.startNetwork(nameless), "InvalidParameter", "netName");
    StartNetwork far = new StartNetwork();
    far.setVlan(9999);
    far.setNetName("web");
    far.setAccountId(ACCOUNT);
    assertFault(() -> client.startNetwork(far), "InvalidParameter", "outside");
    AssignAddress bad = new AssignAddress();
    bad.setSource("not-an-ip");
    bad.setDest("10.10.1.9");
    assertFault(() -> client.assignAddress(bad), "InvalidParameter", "IPv4");
  }

  @Test
  void systemModeHasNoPublicAddresses() throws Exception {
    startCc("SYSTEM");
    start(10, "web"); // accepted: the one flat network is always there
    AssignAddress a = new AssignAddress();
    a.setSource("10.99.0.50");
    a.setDest("10.10.1.9");
    assertFault(() -> client.assignAddress(a), "UnsupportedOperation", "MANAGED");
    UnassignAddress u = new UnassignAddress();
    u.setSource("10.99.0.50");
    assertFault(() -> client.unassignAddress(u), "UnsupportedOperation", "UnassignAddress needs VNET_MODE MANAGED");
    ConfigureNetwork c = new ConfigureNetwork();
    c.setAccountId(ACCOUNT);
    c.getRules().add(rule("web", "tcp", 22, 22, List.of("0.0.0.0/0"), List.of()));
    assertThat(client.configureNetwork(c).isReturn()).isTrue(); // accepted: nothing to guard
    StopNetwork stop = new StopNetwork();
    stop.setVlan(10);
    assertThat(client.stopNetwork(stop).isReturn()).isTrue();
    DescribeNetworksResponse d = client.describeNetworks(new DescribeNetworks());
    assertThat(d.getMode()).isEqualTo("SYSTEM");
    assertThat(d.getUseVlans()).isZero();
    assertThat(d.getActiveNetworks()).isEmpty();
    assertThat(client.describePublicAddresses(new DescribePublicAddresses()).getAddresses()).isEmpty();
    assertThat(rules()).doesNotContain("EU-");
  }

  @Test
  void managedModeGivesEachNetworkASegmentAndBridgeOfItsOwn() throws Exception {
    sh.run("ip", "-n", ns, "addr", "add", "192.0.2.1/24", "dev", "priv0");
    startCc("MANAGED", Map.of("VNET_SEGMENT", "vxlan", "VNET_LOCALIP", "192.0.2.1"));
    start(10, "web");
    DescribeNetworksResponse d = client.describeNetworks(new DescribeNetworks());
    assertThat(d.getMode()).isEqualTo("MANAGED");
    assertThat(d.getUseVlans()).isOne();
    assertThat(d.getActiveNetworks()).extracting(n -> n.getVlan() + "/" + n.getNetName()).containsExactly("10/web");
    // The gateway is on the network's own bridge, over its VXLAN segment; not on the private interface.
    assertThat(sh.run("ip", "-n", ns, "-o", "-4", "addr", "show", "dev", "eucabr10").stdout()).contains("10.10.1.1/27");
    assertThat(sh.run("ip", "-n", ns, "-o", "link", "show", "dev", "vx10").stdout()).contains("master eucabr10");
    assertThat(sh.run("ip", "-n", ns, "-o", "-4", "addr", "show", "dev", "priv0").stdout()).doesNotContain("10.10.1.1");
    StopNetwork stop = new StopNetwork();
    stop.setVlan(10);
    client.stopNetwork(stop);
    assertThat(sh.run("ip", "-n", ns, "-o", "link", "show", "type", "bridge").stdout()).doesNotContain("eucabr10");
    assertThat(client.describeNetworks(new DescribeNetworks()).getActiveNetworks()).isEmpty();
  }

  interface Call {
    void run() throws Exception;
  }

  @Test
  void addressCallsMissingAnAddressAreRefusedInWords() throws Exception {
    // The fuzz found these answered InternalError (a NullPointerException) before.
    startCc("MANAGED-NOVLAN");
    AssignAddress noSource = new AssignAddress();
    noSource.setDest("10.10.1.9");
    assertFault(() -> client.assignAddress(noSource), "InvalidParameter", "AssignAddress needs source");
    AssignAddress noDest = new AssignAddress();
    noDest.setSource("10.99.0.50");
    assertFault(() -> client.assignAddress(noDest), "InvalidParameter", "AssignAddress needs source");
    assertFault(() -> client.unassignAddress(new UnassignAddress()), "InvalidParameter",
        "UnassignAddress needs source");
    // Written with spaces, an address is kept (and put on the NAT rules) as an address.
    AssignAddress spaced = new AssignAddress();
    spaced.setSource(" 10.99.0.51 ");
    spaced.setDest("10.10.1.10 ");
    client.assignAddress(spaced);
    assertThat(rules()).contains("-A EUCA-CC-PREROUTING -d 10.99.0.51/32 -j DNAT --to-destination 10.10.1.10");
    UnassignAddress gone = new UnassignAddress();
    gone.setSource("10.99.0.51");
    client.unassignAddress(gone);
    assertThat(rules()).doesNotContain("10.99.0.51");
  }

  @Test
  void aLaunchRefusedHalfWayHoldsNoAddress() throws Exception {
    startCc("MANAGED-NOVLAN");
    start(10, "web");
    // Two instances asking for the same host index: refused when the second's is found taken...
    org.eucalyptus.wsdl.cc.RunInstances both = ClusterControllerIntegrationTest.run(List.of("i-0C000001", "i-0C000002"), 2);
    both.setVlan(10);
    both.getNetworkIndexList().addAll(List.of(9, 9));
    assertFault(() -> client.runInstances(both), "InvalidParameterValue", "host index 9 of network 10 is taken");
    // ...and index 9 is not held by that refused request: the next launch may have it (no node here
    // to place it on, so the address is leased and the launch then found no capacity).
    org.eucalyptus.wsdl.cc.RunInstances one = ClusterControllerIntegrationTest.run(List.of("i-0C000003"), 1);
    one.setVlan(10);
    one.getNetworkIndexList().add(9);
    assertThatThrownBy(() -> client.runInstances(one)).isInstanceOfSatisfying(EucalyptusFault_Exception.class,
        e -> assertThat(e.getFaultInfo().getCode() + ": " + e.getFaultInfo().getMessage())
            .startsWith("InsufficientInstanceCapacity: not enough free resources"));
  }

  static void assertFault(Call call, String code, String text) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(EucalyptusFault_Exception.class, e -> {
      assertThat(e.getFaultInfo().getCode()).isEqualTo(code);
      assertThat(e.getFaultInfo().getMessage()).contains(text);
    });
  }

  /** Waits until the cluster knows its node's size (its monitor reports it shortly after start). */
  static void awaitCapacity(EucalyptusCCPortType client, int instances) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      org.eucalyptus.wsdl.cc.DescribeResources d = new org.eucalyptus.wsdl.cc.DescribeResources();
      d.getInstanceTypes().add(ClusterControllerIntegrationTest.small());
      if (client.describeResources(d).getResources().get(0).getAvailableInstances() >= instances) {
        return;
      }
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
