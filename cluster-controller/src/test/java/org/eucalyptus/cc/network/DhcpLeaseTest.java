package org.eucalyptus.cc.network;

import org.eucalyptus.common.net.MacAddresses;
import org.eucalyptus.common.net.NetworkMode;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.NetworkNamespaces;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An address an ended instance released is the next instance's at once, with real dnsmasq and a
 * DHCP client in network namespaces: dnsmasq keeps a lease for its hour and will not hand the
 * address to another MAC meanwhile. In MANAGED modes the cluster gives an address the same MAC
 * every time ({@link MacAddresses}); a lease held by another MAC (a lease from before, a changed MAC
 * prefix) is dropped when the address goes to someone else, while the CC runs and across its
 * restart. Needs root, dnsmasq and busybox.
 */
@RootTest
class DhcpLeaseTest {
  final CommandRunner sh = new CommandRunner(Duration.ofSeconds(20));
  final String id = Long.toHexString(System.nanoTime() & 0xfffff);
  final String fe = "edl" + id;
  final NetworkNamespaces namespaces = new NetworkNamespaces();
  @TempDir Path state;
  NetworkSettings settings;
  NetworkApplier applier;

  @BeforeEach
  void host() throws Exception {
    HostParts.requireRootAnd("iptables-restore", "dnsmasq", "busybox");
    namespaces.add(fe);
    sh.run("ip", "-n", fe, "link", "add", "priv0", "type", "bridge");
    sh.run("ip", "-n", fe, "link", "set", "priv0", "up");
    sh.run("ip", "-n", fe, "link", "add", "pub0", "type", "veth", "peer", "name", "pub1");
    sh.run("ip", "-n", fe, "link", "set", "pub0", "up");
    settings = NetworkSettings.from(EucaConf.of(Map.of("VNET_MODE", "MANAGED-NOVLAN", "VNET_SUBNET", "10.10.0.0",
        "VNET_NETMASK", "255.255.0.0", "VNET_ADDRSPERNET", "32", "VNET_PRIVINTERFACE", "priv0",
        "VNET_PUBINTERFACE", "pub0", "CLC_PUBLIC_HOST", "10.0.0.1")));
  }

  @AfterEach
  void remove() throws Exception {
    if (applier != null) {
      applier.close();
    }
    namespaces.close();
  }

  @Test
  void anAddressAnEndedInstanceHeldIsTheNextOnesAtOnce() throws Exception {
    String address = "10.10.1.9";
    // The cluster's own scheme: the address's MAC, whoever holds it.
    String mac = MacAddresses.forAddress("d0:0d", address);
    assertThat(mac).isEqualTo("d0:0d:0a:0a:01:09");
    open();
    applier.apply(model("i-00000001", mac, address));
    assertThat(lease("g1", mac)).isEqualTo(address);
    applier.apply(model(null, null, null)); // it ended
    applier.apply(model("i-00000002", mac, address));
    assertThat(lease("g2", mac)).isEqualTo(address);

    // The address's lease is held by another MAC (given before this scheme, or with another prefix):
    // it goes when the address is given to someone else, while dnsmasq runs...
    String other = "d0:0d:00:00:20:05";
    applier.apply(model(null, null, null));
    applier.apply(model("i-00000003", other, address));
    assertThat(lease("g3", other)).isEqualTo(address);
    applier.apply(model(null, null, null));
    applier.apply(model("i-00000004", mac, address));
    assertThat(lease("g4", mac)).isEqualTo(address);
    assertThat(Files.readString(state.resolve("applied/dhcp-leases"))).doesNotContain(other);

    // ...and across a restart of the cluster controller (and so of dnsmasq), whose lease file still
    // gives the address to the last instance's MAC.
    applier.apply(model(null, null, null));
    applier.close();
    open();
    applier.apply(model("i-00000005", other, address));
    assertThat(lease("g5", other)).isEqualTo(address);
  }

  @Test
  void aDnsmasqLeftByAKilledClusterControllerIsStoppedByTheNextOne() throws Exception {
    String address = "10.10.1.9";
    String mac = MacAddresses.forAddress("d0:0d", address);
    open();
    applier.apply(model("i-00000001", mac, address));
    long first = dnsmasqPid();
    // The CC is killed: nothing stops its dnsmasq. The next CC starts on the same state directory.
    applier = null;
    open();
    applier.apply(model("i-00000002", mac, address));
    long second = dnsmasqPid();
    assertThat(second).isNotEqualTo(first);
    assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false))
        .as("the earlier run's dnsmasq").isFalse();
    assertThat(lease("g1", mac)).isEqualTo(address);
  }

  /** The pid dnsmasq wrote, once it has. */
  private long dnsmasqPid() throws Exception {
    Path pidFile = state.resolve("applied/dnsmasq.pid");
    for (int i = 0; i < 50; i++) {
      if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        if (ProcessHandle.of(pid).isPresent()) {
          return pid;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("dnsmasq wrote no pid file");
  }

  private void open() throws Exception {
    applier = new NetworkApplier(settings, sh, List.of("ip", "netns", "exec", fe), state.resolve("applied"), "",
        List.of());
  }

  /** Network 10 with one instance on it, or none. */
  private static NetworkModel model(String instance, String mac, String address) {
    return new NetworkModel(List.of(new NetworkModel.GroupNetwork(10, "111122223333", "web")),
        instance == null ? List.of() : List.of(new NetworkModel.InstanceNic(instance, mac, address, 10)), List.of(),
        List.of());
  }

  /** A guest with {@code mac} on the cluster's network asks for an address; what it was given, or "". */
  private String lease(String name, String mac) throws Exception {
    String ns = name + id;
    namespaces.add(ns);
    sh.run("ip", "link", "add", "v" + name + id, "netns", fe, "type", "veth", "peer", "name", "eth0", "netns", ns);
    sh.run("ip", "-n", fe, "link", "set", "v" + name + id, "master", "priv0", "up");
    sh.run("ip", "-n", ns, "link", "set", "eth0", "address", mac);
    sh.run("ip", "-n", ns, "link", "set", "eth0", "up");
    CommandRunner.Result r = sh.runAllowingFailure(List.of("ip", "netns", "exec", ns, "busybox", "udhcpc", "-i",
        "eth0", "-n", "-q", "-t", "4", "-T", "1", "-s", "/bin/true"), null);
    // The guest ends (as its instance will) and leaves the network.
    namespaces.remove(ns);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("lease of ([0-9.]+) obtained").matcher(r.stdout() + r.stderr());
    return m.find() ? m.group(1) : "";
  }
}
