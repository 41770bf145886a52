package org.eucalyptus.cc.network;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MANAGED mode with real packets: a front end (the CC) and a node as network namespaces joined by
 * a veth, the CC's {@link NetworkApplier} and the NC's {@link NodeNetwork} making VXLAN segments
 * and bridges, and stand-in instances (namespaces on the node's bridge) that get their addresses
 * from the CC's dnsmasq across the segment, reach the metadata address (redirected to a server on
 * the front end), and are reached from an "outside" namespace through a public address only on the
 * authorized port; an instance of another group cannot reach them. Needs root, iptables, dnsmasq
 * and busybox.
 */
class ClusterNetworkPacketsTest {
  final CommandRunner sh = new CommandRunner(Duration.ofSeconds(30));
  final String id = Long.toHexString(System.nanoTime() & 0xfffff);
  final String fe = "efe" + id;
  final String n1 = "en1" + id;
  final String pub = "epub" + id;
  final List<String> instances = new ArrayList<>();
  final List<Process> processes = new ArrayList<>();
  @TempDir Path tmp;
  NetworkApplier cc;

  @BeforeEach
  void hosts() throws Exception {
    for (String tool : new String[] {"iptables-restore", "dnsmasq", "busybox", "python3"}) {
      boolean have = sh.runAllowingFailure(List.of("sh", "-c", "command -v " + tool + " || test -x /usr/sbin/" + tool),
          null).exitStatus() == 0;
      if (!have || !"root".equals(System.getProperty("user.name"))) {
        String why = "root and " + tool + " are needed (apt-get install iptables dnsmasq-base busybox-static python3)";
        if ("true".equals(System.getenv("CI"))) {
          Assertions.fail(why);
        }
        Assumptions.abort(why);
      }
    }
    for (String ns : new String[] {fe, n1, pub}) {
      sh.run("ip", "netns", "add", ns);
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
    // The outside world, on the front end's public interface.
    sh.run("ip", "link", "add", "pub0", "netns", fe, "type", "veth", "peer", "name", "eth0", "netns", pub);
    sh.run("ip", "-n", fe, "addr", "add", "10.99.0.1/24", "dev", "pub0");
    sh.run("ip", "-n", fe, "link", "set", "pub0", "up");
    sh.run("ip", "-n", pub, "addr", "add", "10.99.0.200/24", "dev", "eth0");
    sh.run("ip", "-n", pub, "link", "set", "eth0", "up");
    sh.run("ip", "netns", "exec", fe, "sysctl", "-qw", "net.ipv4.ip_forward=1");
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
    for (String ns : instances) {
      sh.runAllowingFailure(List.of("ip", "netns", "pids", ns), null).stdout().lines()
          .forEach(pid -> killQuietly(pid));
      sh.runAllowingFailure(List.of("ip", "netns", "del", ns), null);
    }
    for (String ns : new String[] {fe, n1, pub}) {
      sh.runAllowingFailure(List.of("ip", "netns", "pids", ns), null).stdout().lines().forEach(this::killQuietly);
      sh.runAllowingFailure(List.of("ip", "netns", "del", ns), null);
    }
  }

  private void killQuietly(String pid) {
    try {
      sh.runAllowingFailure(List.of("kill", "-9", pid.strip()), null);
    } catch (CommandRunner.CommandException ignored) {
      // gone
    }
  }

  /** A stand-in instance: a namespace whose eth0 (with the cluster's MAC) is on the node's bridge. */
  String instance(String name, String mac, String bridge) throws Exception {
    String ns = name + id;
    instances.add(ns);
    sh.run("ip", "netns", "add", ns);
    sh.run("ip", "link", "add", "vif-" + name + id, "netns", n1, "type", "veth", "peer", "name", "eth0", "netns", ns);
    sh.run("ip", "-n", n1, "link", "set", "vif-" + name + id, "master", bridge, "up");
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
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
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

  @Test
  void dhcpMetadataPublicAddressesAndGroupsWithRealPackets() throws Exception {
    NetworkSettings s = NetworkSettings.from(EucaConf.of(Map.of("VNET_MODE", "MANAGED", "VNET_SEGMENT", "vxlan",
        "VNET_SUBNET", "10.10.0.0", "VNET_NETMASK", "255.255.0.0", "VNET_ADDRSPERNET", "32",
        "VNET_PRIVINTERFACE", "brphys", "VNET_PUBINTERFACE", "pub0", "VNET_DNS", "10.0.0.1",
        "CLC_PUBLIC_HOST", "10.0.0.1", "CLC_PORT", "8773")));
    cc = new NetworkApplier(s, sh, List.of("ip", "netns", "exec", fe), tmp.resolve("cc"), "10.0.0.1",
        List.of("10.0.0.11"));
    NodeNetwork node = new NodeNetwork(NodeNetwork.Mode.MANAGED, null, "eth0", true, "10.0.0.11", sh,
        List.of("ip", "netns", "exec", n1));
    String webBridge = node.startNetwork(10, List.of("10.0.0.1"));
    String dbBridge = node.startNetwork(11, List.of("10.0.0.1"));
    String web1 = instance("ei1", "d0:0d:00:00:00:11", webBridge);
    String web2 = instance("ei2", "d0:0d:00:00:00:12", webBridge);
    String db1 = instance("ei3", "d0:0d:00:00:00:13", dbBridge);
    NetworkModel model = new NetworkModel(
        List.of(new NetworkModel.GroupNetwork(10, "111122223333", "web"),
            new NetworkModel.GroupNetwork(11, "111122223333", "db")),
        List.of(new NetworkModel.InstanceNic("i-00000011", "d0:0d:00:00:00:11", "10.10.1.9", 10),
            new NetworkModel.InstanceNic("i-00000012", "d0:0d:00:00:00:12", "10.10.1.10", 10),
            new NetworkModel.InstanceNic("i-00000013", "d0:0d:00:00:00:13", "10.10.1.41", 11)),
        List.of(new NetworkModel.Rule("111122223333", "web", "tcp", 8080, 8080, "10.99.0.0/24", null, null)),
        List.of(new NetworkModel.PublicAddress("10.99.0.50", "10.10.1.9")));
    cc.apply(model);

    // DHCP across the VXLAN segment: each instance gets the address the model gives its MAC.
    for (String[] want : new String[][] {{web1, "10.10.1.9"}, {web2, "10.10.1.10"}, {db1, "10.10.1.41"}}) {
      CommandRunner.Result lease = in(want[0], "busybox", "udhcpc", "-i", "eth0", "-n", "-q", "-t", "5", "-T", "1",
          "-s", tmp.resolve("dhcp.sh").toString());
      assertThat(lease.exitStatus()).as(lease.stdout() + lease.stderr() + Files.readString(tmp.resolve("cc/dnsmasq.log")))
          .isZero();
      assertThat(in(want[0], "ip", "-4", "-o", "addr", "show", "dev", "eth0").stdout()).contains(want[1] + "/27");
    }
    // An unknown MAC gets nothing: the ranges are static.
    String stranger = instance("ei9", "d0:0d:00:00:00:99", webBridge);
    assertThat(in(stranger, "busybox", "udhcpc", "-i", "eth0", "-n", "-q", "-t", "2", "-T", "1", "-s",
        tmp.resolve("dhcp.sh").toString()).exitStatus()).isNotZero();

    // Inside a group: the same segment; and the gateway on the CC.
    assertThat(in(web1, "busybox", "ping", "-c", "1", "-W", "2", "10.10.1.10").exitStatus()).isZero();
    assertThat(in(web1, "busybox", "ping", "-c", "1", "-W", "2", "10.10.1.1").exitStatus()).isZero();

    // The metadata address is redirected to the cloud controller's port.
    assertThat(in(web1, "timeout", "5", "busybox", "wget", "-q", "-O", "-",
        "http://169.254.169.254/latest/meta-data/instance-id").stdout()).isEqualTo("i-0000FE01");

    // A public address reaches the instance from outside, on the authorized port only.
    Files.createDirectories(tmp.resolve("www"));
    Files.writeString(tmp.resolve("www/index.html"), "web1 says hello\n");
    for (String port : new String[] {"8080", "8081"}) {
      processes.add(new ProcessBuilder("ip", "netns", "exec", web1, "busybox", "httpd", "-f", "-p", port, "-h",
          tmp.resolve("www").toString()).start());
    }
    Thread.sleep(300);
    assertThat(in(pub, "timeout", "4", "busybox", "wget", "-q", "-O", "-", "http://10.99.0.50:8080/").stdout())
        .isEqualTo("web1 says hello\n");
    assertThat(reaches(pub, "http://10.99.0.50:8081/")).isFalse();
    // Another group's instance is not let in (the rule names the outside range only).
    assertThat(reaches(db1, "http://10.10.1.9:8080/")).isFalse();
    // The instance's own traffic out leaves with its public address.
    processes.add(new ProcessBuilder("ip", "netns", "exec", pub, "python3", "-m", "http.server", "9000", "--bind",
        "10.99.0.200", "--directory", tmp.resolve("www").toString()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("outside.log").toFile()).start());
    Thread.sleep(800);
    assertThat(reaches(web1, "http://10.99.0.200:9000/")).isTrue();
    assertThat(Files.readString(tmp.resolve("outside.log"))).contains("10.99.0.50");

    // Authorizing opens the port at once; the same model applied again changes nothing.
    String before = rulesNow();
    cc.apply(model);
    assertThat(rulesNow()).isEqualTo(before);
    List<NetworkModel.Rule> rules = new ArrayList<>(model.rules());
    rules.add(new NetworkModel.Rule("111122223333", "web", "tcp", 8081, 8081, "10.99.0.0/24", null, null));
    NetworkModel opened = new NetworkModel(model.networks(), model.instances(), rules, model.publicAddresses());
    cc.apply(opened);
    assertThat(reaches(pub, "http://10.99.0.50:8081/")).isTrue();
    // Releasing the public address removes it from the front end and its NAT.
    cc.apply(new NetworkModel(model.networks(), model.instances(), rules, List.of()));
    assertThat(in(fe, "ip", "-o", "addr", "show", "dev", "pub0").stdout()).doesNotContain("10.99.0.50");
    assertThat(reaches(pub, "http://10.99.0.50:8080/")).isFalse();
  }
}
