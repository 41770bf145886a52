package org.eucalyptus.cc.network;

import org.eucalyptus.common.net.NetworkMode;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.nc.network.NodeNetwork;
import org.eucalyptus.testfixtures.NetworkNamespaces;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MANAGED mode with real packets: a front end (the CC) and two nodes as network namespaces joined
 * by veths, the CC's {@link NetworkApplier} and the NC's {@link NodeNetwork} making VXLAN segments
 * and bridges, and stand-in instances (namespaces on the node's bridge) that get their addresses
 * from the CC's dnsmasq across the segment, reach the metadata address (redirected to a server on
 * the front end), and are reached from an "outside" namespace through a public address only on the
 * authorized port; instances of one group reach each other only on the ports their rules allow (the
 * node's bridge filter), and an instance of another group cannot reach them. Rules change within
 * seconds; a restarted cluster controller keeps all of it. The same in MANAGED-NOVLAN, with every
 * group on one bridge. Needs root, iptables, dnsmasq and busybox.
 */
@RootTest
class ClusterNetworkPacketsTest {
  final CommandRunner sh = new CommandRunner(Duration.ofSeconds(30));
  final String id = Long.toHexString(System.nanoTime() & 0xfffff);
  final String fe = "efe" + id;
  final String n1 = "en1" + id;
  final String n2 = "en2" + id;
  final String pub = "epub" + id;
  final List<Process> processes = new ArrayList<>();
  final NetworkNamespaces namespaces = new NetworkNamespaces();
  @TempDir Path tmp;
  NetworkApplier cc;

  @BeforeEach
  void hosts() throws Exception {
    org.eucalyptus.testfixtures.HostParts.requireRootAnd("ip", "iptables-restore", "iptables-save", "dnsmasq", "busybox", "python3",
        "ss");
    org.eucalyptus.testfixtures.HostParts.requireBridgeFilter();
    for (String ns : new String[] {fe, n1, n2, pub}) {
      namespaces.add(ns);
      sh.run("ip", "-n", ns, "link", "set", "lo", "up");
    }
    // The private LAN between the front end and the node.
    sh.run("ip", "-n", fe, "link", "add", "brphys", "type", "bridge");
    sh.run("ip", "-n", fe, "addr", "add", "10.0.0.1/24", "dev", "brphys");
    sh.run("ip", "-n", fe, "link", "set", "brphys", "up");
    sh.run("ip", "link", "add", "fe-n1" + id, "netns", fe, "type", "veth", "peer", "name", "eth0", "netns", n1);
    sh.run("ip", "-n", fe, "link", "set", "fe-n1" + id, "master", "brphys", "up");
    sh.run("ip", "-n", n1, "addr", "add", "10.0.0.11/24", "dev", "eth0");
    sh.run("ip", "-n", n1, "link", "set", "eth0", "up");
    sh.run("ip", "link", "add", "fe-n2" + id, "netns", fe, "type", "veth", "peer", "name", "eth0", "netns", n2);
    sh.run("ip", "-n", fe, "link", "set", "fe-n2" + id, "master", "brphys", "up");
    sh.run("ip", "-n", n2, "addr", "add", "10.0.0.12/24", "dev", "eth0");
    sh.run("ip", "-n", n2, "link", "set", "eth0", "up");
    // The outside world, on the front end's public interface.
    sh.run("ip", "link", "add", "pub0", "netns", fe, "type", "veth", "peer", "name", "eth0", "netns", pub);
    sh.run("ip", "-n", fe, "addr", "add", "10.99.0.1/24", "dev", "pub0");
    sh.run("ip", "-n", fe, "link", "set", "pub0", "up");
    sh.run("ip", "-n", pub, "addr", "add", "10.99.0.200/24", "dev", "eth0");
    sh.run("ip", "-n", pub, "link", "set", "eth0", "up");
    sh.run("ip", "netns", "exec", fe, "sysctl", "-qw", "net.ipv4.ip_forward=1");
    // brphys stands for the site's LAN switch, which happens to live in the front end's namespace:
    // what it bridges between the nodes (their VXLAN traffic) must not meet the CC's firewall.
    sh.run("ip", "netns", "exec", fe, "sysctl", "-qw", "net.bridge.bridge-nf-call-iptables=0");
    // The metadata service stands in as a plain web server on the front end.
    Path meta = Files.createDirectories(tmp.resolve("meta/latest/meta-data"));
    Files.writeString(meta.resolve("instance-id"), "i-0000FE01");
    processes.add(new ProcessBuilder("ip", "netns", "exec", fe, "python3", "-m", "http.server", "8773", "--bind",
        "10.0.0.1", "--directory", tmp.resolve("meta").toString()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("meta.log").toFile()).start());
  }

  @AfterEach
  void remove() throws Exception {
    if (cc != null) {
      cc.close();
    }
    for (Process p : processes) {
      p.destroyForcibly();
    }
    namespaces.close(); // the instances' first, then the hosts', each with what still runs in it
  }

  /** A stand-in instance: a namespace whose eth0 (with the cluster's MAC) is on the node's bridge. */
  String instance(String name, String mac, String bridge) throws Exception {
    return instance(name, mac, bridge, n1);
  }

  /** The same on node {@code host}. */
  String instance(String name, String mac, String bridge, String host) throws Exception {
    String ns = namespaces.add(name + id);
    sh.run("ip", "link", "add", "vif-" + name + id, "netns", host, "type", "veth", "peer", "name", "eth0", "netns", ns);
    sh.run("ip", "-n", host, "link", "set", "vif-" + name + id, "master", bridge, "up");
    sh.run("ip", "-n", ns, "link", "set", "eth0", "address", mac);
    sh.run("ip", "-n", ns, "link", "set", "eth0", "up");
    sh.run("ip", "-n", ns, "link", "set", "lo", "up");
    Path hook = tmp.resolve("dhcp.sh");
    if (!Files.exists(hook)) {
      Files.copy(Path.of("..", "tests", "guest", "dhcp.sh"), hook);
      hook.toFile().setExecutable(true);
    }
    return ns;
  }

  CommandRunner.Result in(String ns, String... argv) throws Exception {
    List<String> all = new ArrayList<>(NetworkNamespaces.exec(ns));
    all.addAll(List.of(argv));
    return sh.runAllowingFailure(all, null);
  }

  /** The front end's rules without iptables-save's comments and packet counters. */
  String rulesNow() throws Exception {
    return in(fe, "iptables-save").stdout().replaceAll("(?m)^#.*\\n", "").replaceAll("\\[\\d+:\\d+\\]", "");
  }

  boolean reaches(String fromNs, String url) throws Exception {
    return in(fromNs, "timeout", "4", "busybox", "wget", "-q", "-O", "-", url).exitStatus() == 0;
  }

  static final String ACCOUNT = "111122223333";

  /** The instances the cluster runs, as its instance cache would give them to the network. */
  final List<NetworkModel.InstanceNic> nics = new ArrayList<>(List.of(
      new NetworkModel.InstanceNic("i-00000011", "d0:0d:00:00:00:11", "10.10.1.9", 10),
      new NetworkModel.InstanceNic("i-00000012", "d0:0d:00:00:00:12", "10.10.1.10", 10),
      new NetworkModel.InstanceNic("i-00000013", "d0:0d:00:00:00:13", "10.10.1.41", 11),
      new NetworkModel.InstanceNic("i-00000014", "d0:0d:00:00:00:14", "10.10.1.11", 10)));

  NetworkSettings settings(String mode) {
    return NetworkSettings.from(EucaConf.of(Map.of("VNET_MODE", mode, "VNET_SEGMENT", "vxlan",
        "VNET_SUBNET", "10.10.0.0", "VNET_NETMASK", "255.255.0.0", "VNET_ADDRSPERNET", "32",
        "VNET_PRIVINTERFACE", "brphys", "VNET_PUBINTERFACE", "pub0", "VNET_DNS", "10.0.0.1",
        "CLC_PUBLIC_HOST", "10.0.0.1", "CLC_PORT", "8773")));
  }

  /**
   * The cluster controller's network as ClusterController wires it: the applier on the front end,
   * state in CC_STATE_DIR, and every apply's group filters handed to the node (what NodeNetworkSync
   * sends it over SOAP).
   */
  ClusterNetwork clusterNetwork(NetworkSettings s, NodeNetwork... nodes) throws Exception {
    cc = new NetworkApplier(s, sh, NetworkNamespaces.exec(fe), tmp.resolve("cc/applied"), "10.0.0.1",
        List.of("10.0.0.11", "10.0.0.12"));
    ClusterNetwork net = new ClusterNetwork(cc, () -> List.copyOf(nics), tmp.resolve("cc/network"));
    net.restore();
    net.onFilters(filters -> {
      try {
        for (NodeNetwork node : nodes) {
          node.applyFilters(filters);
        }
      } catch (NodeNetwork.NetworkException e) {
        throw new IllegalStateException(e);
      }
    });
    return net;
  }

  static NetworkModel.Rule rule(String group, String proto, int from, int to, String cidr, String sourceGroup) {
    return new NetworkModel.Rule(ACCOUNT, group, proto, from, to, cidr, sourceGroup == null ? null : ACCOUNT,
        sourceGroup);
  }

  void lease(String ns, String address) throws Exception {
    CommandRunner.Result lease = in(ns, "busybox", "udhcpc", "-i", "eth0", "-n", "-q", "-t", "5", "-T", "1",
        "-s", tmp.resolve("dhcp.sh").toString());
    assertThat(lease.exitStatus()).as(lease.stdout() + lease.stderr()
        + Files.readString(tmp.resolve("cc/applied/dnsmasq.log"))).isZero();
    assertThat(in(ns, "ip", "-4", "-o", "addr", "show", "dev", "eth0").stdout()).contains(address + "/27");
  }

  void serve(String ns, String text, String... ports) throws Exception {
    Path www = Files.createDirectories(tmp.resolve("www-" + ns));
    Files.writeString(www.resolve("index.html"), text);
    for (String port : ports) {
      processes.add(new ProcessBuilder("ip", "netns", "exec", ns, "busybox", "httpd", "-f", "-p", port, "-h",
          www.toString()).start());
    }
    for (String port : ports) {
      within(10, "httpd listening on " + ns + ":" + port, () -> listening(ns, port));
    }
  }

  /** Whether something in {@code ns} listens on TCP {@code port}. */
  boolean listening(String ns, String port) throws Exception {
    return !in(ns, "ss", "-Hltn", "sport", "=", ":" + port).stdout().isBlank();
  }

  boolean pings(String fromNs, String address) throws Exception {
    return in(fromNs, "busybox", "ping", "-c", "1", "-W", "2", address).exitStatus() == 0;
  }

  /** Waits up to {@code seconds} for a reachability to become what is wanted. */
  void within(int seconds, String what, java.util.concurrent.Callable<Boolean> check) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (!check.call()) {
      assertThat(System.nanoTime()).as(what + " within " + seconds + " s").isLessThan(end);
      Thread.sleep(200);
    }
  }

  @Test
  void managedVxlanWithRealPacketsAndARestartedClusterController() throws Exception {
    NodeNetwork node = new NodeNetwork(NetworkMode.MANAGED, null, "eth0", true, "10.0.0.11", sh,
        NetworkNamespaces.exec(n1));
    NodeNetwork node2 = new NodeNetwork(NetworkMode.MANAGED, null, "eth0", true, "10.0.0.12", sh,
        NetworkNamespaces.exec(n2));
    // What the CC's prepare() asks of a node before a launch: the segments, whose far ends are the CC
    // and the other nodes.
    String webBridge = node.startNetwork(10, List.of("10.0.0.1", "10.0.0.12"));
    String dbBridge = node.startNetwork(11, List.of("10.0.0.1", "10.0.0.12"));
    String webBridge2 = node2.startNetwork(10, List.of("10.0.0.1", "10.0.0.11"));
    String web1 = instance("ei1", "d0:0d:00:00:00:11", webBridge);
    String web2 = instance("ei2", "d0:0d:00:00:00:12", webBridge2, n2); // on the other node
    String db1 = instance("ei3", "d0:0d:00:00:00:13", dbBridge);
    String web3 = instance("ei4", "d0:0d:00:00:00:14", webBridge); // beside web1
    ClusterNetwork net = clusterNetwork(settings("MANAGED"), node, node2);
    net.startNetwork(10, ACCOUNT, "web");
    net.startNetwork(11, ACCOUNT, "db");
    // web: 8080 from outside and from its own group; nothing else (not even ping inside the group).
    List<NetworkModel.Rule> rules = new ArrayList<>(List.of(rule("web", "tcp", 8080, 8080, "10.99.0.0/24", null),
        rule("web", "tcp", 8080, 8080, null, "web")));
    net.configure(ACCOUNT, rules);
    net.assignAddress("10.99.0.50", "10.10.1.9");

    // DHCP across the VXLAN segment: each instance gets the address the model gives its MAC.
    lease(web1, "10.10.1.9");
    lease(web2, "10.10.1.10");
    lease(db1, "10.10.1.41");
    lease(web3, "10.10.1.11");
    // An unknown MAC gets nothing: the ranges are static.
    String stranger = instance("ei9", "d0:0d:00:00:00:99", webBridge);
    assertThat(in(stranger, "busybox", "udhcpc", "-i", "eth0", "-n", "-q", "-t", "2", "-T", "1", "-s",
        tmp.resolve("dhcp.sh").toString()).exitStatus()).isNotZero();

    // The gateway on the CC answers; the metadata address is redirected to the cloud controller.
    assertThat(pings(web1, "10.10.1.1")).isTrue();
    assertThat(in(web1, "timeout", "5", "busybox", "wget", "-q", "-O", "-",
        "http://169.254.169.254/latest/meta-data/instance-id").stdout()).isEqualTo("i-0000FE01");

    // Inside a group, never through the CC: across the VXLAN segment to the other node, and on one
    // node's bridge; the authorized port only.
    serve(web2, "web2 says hello\n", "8080", "8081");
    serve(web3, "web3 says hello\n", "8080", "8081");
    assertThat(in(web1, "timeout", "4", "busybox", "wget", "-q", "-O", "-", "http://10.10.1.10:8080/").stdout())
        .isEqualTo("web2 says hello\n");
    assertThat(reaches(web1, "http://10.10.1.10:8081/")).isFalse();
    assertThat(pings(web1, "10.10.1.10")).isFalse();
    assertThat(in(web1, "timeout", "4", "busybox", "wget", "-q", "-O", "-", "http://10.10.1.11:8080/").stdout())
        .isEqualTo("web3 says hello\n");
    assertThat(reaches(web1, "http://10.10.1.11:8081/")).isFalse();
    assertThat(reaches(web2, "http://10.10.1.11:8081/")).isFalse();
    // Another group's instance is not let in (web's rules name the outside range and web itself).
    assertThat(reaches(db1, "http://10.10.1.10:8080/")).isFalse();

    // A public address reaches the instance from outside, on the authorized port only.
    serve(web1, "web1 says hello\n", "8080", "8081");
    assertThat(in(pub, "timeout", "4", "busybox", "wget", "-q", "-O", "-", "http://10.99.0.50:8080/").stdout())
        .isEqualTo("web1 says hello\n");
    assertThat(reaches(pub, "http://10.99.0.50:8081/")).isFalse();
    // The instance's own traffic out leaves with its public address.
    processes.add(new ProcessBuilder("ip", "netns", "exec", pub, "python3", "-m", "http.server", "9000", "--bind",
        "10.99.0.200", "--directory", tmp.resolve("www-" + web1).toString()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("outside.log").toFile()).start());
    // (Python's start alone takes seconds on a loaded machine: waited for, not slept over.)
    within(15, "the outside server, from web1", () -> reaches(web1, "http://10.99.0.200:9000/"));
    assertThat(Files.readString(tmp.resolve("outside.log"))).contains("10.99.0.50");

    // The same state applied again changes nothing.
    String before = rulesNow();
    net.refresh();
    assertThat(rulesNow()).isEqualTo(before);

    // Authorizing opens within seconds (inside the group and from outside); revoking closes.
    rules.add(rule("web", "icmp", -1, -1, null, "web"));
    rules.add(rule("web", "tcp", 8081, 8081, "10.99.0.0/24", null));
    net.configure(ACCOUNT, rules);
    within(5, "ping inside web", () -> pings(web1, "10.10.1.10"));
    within(5, "8081 from outside", () -> reaches(pub, "http://10.99.0.50:8081/"));
    rules.remove(rule("web", "tcp", 8080, 8080, null, "web"));
    net.configure(ACCOUNT, rules);
    within(5, "8080 inside web closed", () -> !reaches(web1, "http://10.10.1.10:8080/"));
    assertThat(reaches(web1, "http://10.10.1.11:8080/")).isFalse(); // on the same node too

    // A restarted cluster controller (dnsmasq gone, the same state dir) rebuilds the same network;
    // the firewall stays up meanwhile, so the instances are not cut off.
    cc.close();
    assertThat(in(pub, "timeout", "4", "busybox", "wget", "-q", "-O", "-", "http://10.99.0.50:8080/").stdout())
        .isEqualTo("web1 says hello\n");
    String rulesBefore = rulesNow();
    net = clusterNetwork(settings("MANAGED"), node, node2);
    assertThat(rulesNow()).isEqualTo(rulesBefore);
    lease(web2, "10.10.1.10"); // DHCP renews from the new dnsmasq
    assertThat(pings(web1, "10.10.1.10")).isTrue();
    assertThat(reaches(web1, "http://10.10.1.10:8080/")).isFalse();
    assertThat(in(pub, "timeout", "4", "busybox", "wget", "-q", "-O", "-", "http://10.99.0.50:8081/").stdout())
        .isEqualTo("web1 says hello\n");
    assertThat(in(web1, "timeout", "5", "busybox", "wget", "-q", "-O", "-",
        "http://169.254.169.254/latest/meta-data/instance-id").stdout()).isEqualTo("i-0000FE01");
    assertThat(reaches(db1, "http://10.10.1.10:8080/")).isFalse();

    // Releasing the public address removes it from the front end and its NAT.
    net.unassignAddress("10.99.0.50");
    assertThat(in(fe, "ip", "-o", "addr", "show", "dev", "pub0").stdout()).doesNotContain("10.99.0.50");
    assertThat(reaches(pub, "http://10.99.0.50:8080/")).isFalse();
  }

  @Test
  void managedNoVlanIsolatesGroupsOnOneBridgeWithRealPackets() throws Exception {
    // MANAGED-NOVLAN: every group on the node's one bridge, which holds the node's LAN interface;
    // the CC's gateways are on its private interface. Isolation is iptables' alone.
    sh.run("ip", "-n", n1, "link", "add", "br0", "type", "bridge");
    sh.run("ip", "-n", n1, "addr", "flush", "dev", "eth0");
    sh.run("ip", "-n", n1, "link", "set", "eth0", "master", "br0");
    sh.run("ip", "-n", n1, "addr", "add", "10.0.0.11/24", "dev", "br0");
    sh.run("ip", "-n", n1, "link", "set", "br0", "up");
    NodeNetwork node = new NodeNetwork(NetworkMode.MANAGED_NOVLAN, "br0", "eth0", false, "10.0.0.11", sh,
        NetworkNamespaces.exec(n1));
    assertThat(node.startNetwork(10, List.of())).isEqualTo("br0");
    String web1 = instance("ei1", "d0:0d:00:00:00:11", "br0");
    String web2 = instance("ei2", "d0:0d:00:00:00:12", "br0");
    String db1 = instance("ei3", "d0:0d:00:00:00:13", "br0");
    ClusterNetwork net = clusterNetwork(settings("MANAGED-NOVLAN"), node);
    net.startNetwork(10, ACCOUNT, "web");
    net.startNetwork(11, ACCOUNT, "db");
    net.configure(ACCOUNT, List.of(rule("web", "tcp", 8080, 8080, null, "web"),
        rule("web", "tcp", 8080, 8080, "10.99.0.0/24", null), rule("db", "tcp", 8081, 8081, null, "web")));
    net.assignAddress("10.99.0.50", "10.10.1.9");
    lease(web1, "10.10.1.9");
    lease(web2, "10.10.1.10");
    lease(db1, "10.10.1.41");
    assertThat(in(web1, "timeout", "5", "busybox", "wget", "-q", "-O", "-",
        "http://169.254.169.254/latest/meta-data/instance-id").stdout()).isEqualTo("i-0000FE01");
    serve(web2, "web2\n", "8080", "8081");
    serve(db1, "db1\n", "8080", "8081");
    // Inside web: 8080 only.
    assertThat(reaches(web1, "http://10.10.1.10:8080/")).isTrue();
    assertThat(reaches(web1, "http://10.10.1.10:8081/")).isFalse();
    // db lets web in on 8081 only (routed through the CC's gateways, filtered on both hosts); web lets db nowhere.
    assertThat(reaches(web1, "http://10.10.1.41:8081/")).isTrue();
    assertThat(reaches(web1, "http://10.10.1.41:8080/")).isFalse();
    assertThat(reaches(db1, "http://10.10.1.10:8080/")).isFalse();
    // From outside through the public address, on the authorized port only.
    serve(web1, "web1\n", "8080", "8081");
    assertThat(in(pub, "timeout", "4", "busybox", "wget", "-q", "-O", "-", "http://10.99.0.50:8080/").stdout())
        .isEqualTo("web1\n");
    assertThat(reaches(pub, "http://10.99.0.50:8081/")).isFalse();
    // Revoking web's own rule closes 8080 inside web within seconds.
    net.configure(ACCOUNT, List.of(rule("web", "tcp", 8080, 8080, "10.99.0.0/24", null),
        rule("db", "tcp", 8081, 8081, null, "web")));
    within(5, "8080 inside web closed", () -> !reaches(web1, "http://10.10.1.10:8080/"));
    assertThat(reaches(web1, "http://10.10.1.41:8081/")).isTrue();
  }
}
