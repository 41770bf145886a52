package org.eucalyptus.nc.network;

import org.eucalyptus.common.net.NetworkMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.NetworkNamespaces;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's side of the network in a real network namespace standing in for a node host: the
 * MANAGED segments (VXLAN here, as this kernel has no 802.1Q) and their bridges, made once however
 * often asked, and SYSTEM mode's check of VNET_BRIDGE. Needs root.
 */
@RootTest
class NodeNetworkTest {
  final CommandRunner commands = new CommandRunner(Duration.ofSeconds(20));
  final String ns = "euca-nc-" + Long.toHexString(System.nanoTime() & 0xffffff);
  final NetworkNamespaces namespaces = new NetworkNamespaces();
  List<String> inNs;

  @BeforeEach
  void namespace() throws Exception {
    HostParts.requireRootAnd("ip");
    namespaces.add(ns);
    inNs = NetworkNamespaces.exec(ns);
    // The node's NIC toward the cluster controller.
    commands.run("ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0peer");
    commands.run("ip", "-n", ns, "addr", "add", "10.77.0.11/24", "dev", "eth0");
    commands.run("ip", "-n", ns, "link", "set", "eth0", "up");
    commands.run("ip", "-n", ns, "link", "set", "eth0peer", "up");
  }

  @AfterEach
  void remove() throws Exception {
    namespaces.close();
  }

  String ip(String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("ip", "-n", ns));
    argv.addAll(List.of(args));
    return commands.run(argv, null).stdout();
  }

  @Test
  void managedModeMakesAVxlanSegmentAndItsBridgeOnce() throws Exception {
    NodeNetwork net = new NodeNetwork(NetworkMode.MANAGED, null, "eth0", true, "10.77.0.11", commands, inNs);
    assertThat(net.startNetwork(10, List.of("10.77.0.1", "10.77.0.12", "10.77.0.11"))).isEqualTo("eucabr10");
    assertThat(ip("-d", "link", "show", "dev", "vx10")).contains("vxlan id 10").contains("master eucabr10")
        .contains("state UNKNOWN");
    assertThat(ip("link", "show", "dev", "eucabr10")).contains("UP");
    String fdb = commands.run(List.of("ip", "netns", "exec", ns, "bridge", "fdb", "show", "dev", "vx10"), null).stdout();
    assertThat(fdb).contains("dst 10.77.0.1 ").contains("dst 10.77.0.12 ").doesNotContain("dst 10.77.0.11 ");
    // Again, with one more node: nothing is made twice, the new node is added.
    assertThat(net.startNetwork(10, List.of("10.77.0.1", "10.77.0.12", "10.77.0.13"))).isEqualTo("eucabr10");
    String again = commands.run(List.of("ip", "netns", "exec", ns, "bridge", "fdb", "show", "dev", "vx10"), null)
        .stdout();
    assertThat(again.split("dst 10.77.0.1 ", -1)).hasSize(2);
    assertThat(again).contains("dst 10.77.0.13 ");
    // Another network is another segment and bridge.
    assertThat(net.startNetwork(11, List.of("10.77.0.1"))).isEqualTo("eucabr11");
    assertThat(ip("-d", "link", "show", "dev", "vx11")).contains("vxlan id 11").contains("master eucabr11");
    assertThatThrownBy(() -> net.startNetwork(5000, List.of())).hasMessageContaining("outside 1..4094");
  }

  @Test
  void vlanSegmentsNeed8021qAndSayWhatFailedWhenItIsMissing() throws Exception {
    NodeNetwork net = new NodeNetwork(NetworkMode.MANAGED, null, "eth0", false, null, commands, inNs);
    try {
      assertThat(net.startNetwork(12, List.of())).isEqualTo("eucabr12");
      assertThat(ip("-d", "link", "show", "dev", "eth0.12")).contains("vlan").contains("master eucabr12");
    } catch (NodeNetwork.NetworkException e) {
      // This kernel has no 802.1Q (the test machines' does not): the reason is the command's own.
      assertThat(e.getMessage()).startsWith("ip failed").containsIgnoringCase("device type");
    }
  }

  @Test
  void systemModeUsesAnExistingBridgeOnly() throws Exception {
    NodeNetwork missing = new NodeNetwork(NetworkMode.SYSTEM, "br0", "eth0", false, null, commands, inNs);
    assertThatThrownBy(() -> missing.startNetwork(0, List.of())).hasMessageContaining("br0 (VNET_BRIDGE) does not exist");
    ip("link", "add", "br0", "type", "bridge");
    assertThat(missing.startNetwork(0, List.of())).isEqualTo("br0");
    assertThat(new NodeNetwork(NetworkMode.SYSTEM, null, "eth0", false, null, commands, inNs)
        .startNetwork(0, List.of())).isNull();
  }
}
