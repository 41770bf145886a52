package org.eucalyptus.cc.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.testfixtures.NetworkNamespaces;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster network's state through its operations (start and stop networks, an account's rules,
 * public addresses), applied to a real namespace standing in for the CC's host (MANAGED-NOVLAN),
 * and rebuilt the same by a restarted cluster controller from its state directory.
 */
@RootTest
class ClusterNetworkTest {
  final CommandRunner sh = new CommandRunner(Duration.ofSeconds(20));
  final String ns = "ecn" + Long.toHexString(System.nanoTime() & 0xfffff);
  final NetworkNamespaces namespaces = new NetworkNamespaces();
  @TempDir Path state;
  NetworkSettings settings;
  NetworkApplier applier;

  @BeforeEach
  void host() throws Exception {
    org.eucalyptus.testfixtures.HostParts.requireRootAnd("ip", "iptables-restore", "iptables-save", "dnsmasq");
    namespaces.add(ns);
    sh.run("ip", "-n", ns, "link", "add", "priv0", "type", "veth", "peer", "name", "pub0");
    sh.run("ip", "-n", ns, "link", "set", "priv0", "up");
    sh.run("ip", "-n", ns, "link", "set", "pub0", "up");
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

  ClusterNetwork open() throws Exception {
    if (applier != null) {
      applier.close();
    }
    applier = new NetworkApplier(settings, sh, List.of("ip", "netns", "exec", ns), state.resolve("applied"), "", List.of());
    return new ClusterNetwork(applier, () -> List.of(
        new NetworkModel.InstanceNic("i-00000001", "d0:0d:00:00:00:01", "10.10.1.9", 10)), state.resolve("network"));
  }

  String saved() throws Exception {
    return sh.run("ip", "netns", "exec", ns, "iptables-save").stdout().replaceAll("(?m)^#.*\\n", "")
        .replaceAll("\\[\\d+:\\d+\\]", "");
  }

  @Test
  void operationsBuildTheNetworkAndARestartRebuildsItTheSame() throws Exception {
    ClusterNetwork net = open();
    net.startNetwork(10, "111122223333", "web");
    net.configure("111122223333", List.of(
        new NetworkModel.Rule("111122223333", "web", "tcp", 22, 22, "0.0.0.0/0", null, null)));
    net.assignAddress("10.99.0.50", "10.10.1.9");
    String web = IptablesRules.chain("111122223333", "web");
    String first = saved();
    assertThat(first).contains("-A " + web + " -d 10.10.1.0/27 -p tcp -m tcp --dport 22 -j ACCEPT")
        .contains("-A EUCA-CC-PREROUTING -d 10.99.0.50/32 -j DNAT --to-destination 10.10.1.9");
    assertThat(sh.run("ip", "-n", ns, "-o", "addr", "show", "dev", "priv0").stdout()).contains("10.10.1.1/27");
    assertThat(sh.run("ip", "-n", ns, "-o", "addr", "show", "dev", "pub0").stdout()).contains("10.99.0.50/32");
    assertThat(DhcpHosts.hostsFile(net.model())).isEqualTo("d0:0d:00:00:00:01,10.10.1.9,i-00000001\n");

    // A network's tag belongs to one group; tags outside the plan are refused.
    assertThatThrownBy(() -> net.startNetwork(10, "111122223333", "db")).hasMessageContaining("already belongs");
    assertThatThrownBy(() -> net.startNetwork(99999, "111122223333", "db")).hasMessageContaining("outside");

    // The cluster controller restarts: the same state comes back from its directory, and applies unchanged.
    ClusterNetwork again = open();
    assertThat(again.model()).isEqualTo(net.model());
    again.restore();
    assertThat(saved()).isEqualTo(first);

    // Changing an account's rules replaces them; stopping the network removes its chain.
    again.configure("111122223333", List.of(
        new NetworkModel.Rule("111122223333", "web", "tcp", 80, 80, "0.0.0.0/0", null, null)));
    assertThat(saved()).contains("--dport 80").doesNotContain("--dport 22");
    again.unassignAddress("10.99.0.50");
    assertThat(saved()).doesNotContain("10.99.0.50");
    assertThat(sh.run("ip", "-n", ns, "-o", "addr", "show", "dev", "pub0").stdout()).doesNotContain("10.99.0.50");
    again.stopNetwork(10);
    assertThat(saved()).doesNotContain(web);
    assertThat(again.model().instances()).isEmpty(); // instances of stopped networks are not served
  }
}
