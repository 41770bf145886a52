package org.eucalyptus.cc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.NetworkNamespaces;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.cc.RunInstances;
import org.eucalyptus.wsdl.cc.TerminateInstances;
import org.eucalyptus.wsdl.types.CcInstanceType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STATIC mode: instances take VNET_MACMAP's pairs (MAC and fixed address), the CC's DHCP server
 * hands each MAC its address on the site's LAN (a namespace here), and a full map refuses launches.
 */
@RootTest
class StaticModeTest {
  final CommandRunner sh = new CommandRunner(Duration.ofSeconds(20));
  final String id = Long.toHexString(System.nanoTime() & 0xfffff);
  final String lan = "est" + id;
  final String guest = "esg" + id;
  final NetworkNamespaces namespaces = new NetworkNamespaces();
  @TempDir Path tmp;
  NodeController nc;
  ClusterController cc;

  @BeforeEach
  void hosts() throws Exception {
    org.eucalyptus.testfixtures.HostParts.requireRootAnd("ip", "dnsmasq", "busybox");
    namespaces.add(lan);
    namespaces.add(guest);
    sh.run("ip", "-n", lan, "link", "add", "br0", "type", "bridge");
    sh.run("ip", "-n", lan, "addr", "add", "10.20.0.2/24", "dev", "br0");
    sh.run("ip", "-n", lan, "link", "set", "br0", "up");
    sh.run("ip", "link", "add", "vif" + id, "netns", lan, "type", "veth", "peer", "name", "eth0", "netns", guest);
    sh.run("ip", "-n", lan, "link", "set", "vif" + id, "master", "br0", "up");
    sh.run("ip", "-n", guest, "link", "set", "eth0", "address", "d0:0d:00:00:20:02");
    sh.run("ip", "-n", guest, "link", "set", "eth0", "up");
  }

  @AfterEach
  void remove() throws Exception {
    if (cc != null) {
      cc.close();
    }
    if (nc != null) {
      nc.close();
    }
    namespaces.close(); // the guest's, then the LAN's (with the CC's dnsmasq, should it still run)
  }

  @Test
  void instancesTakeTheMapsPairsAndDhcpServesThem() throws Exception {
    nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "8", "MAX_MEM", "8192", "MAX_DISK", "100",
        "NC_MONITOR_MS", "200"))).start();
    cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
        "NODES", "127.0.0.1:" + nc.port(), "VNET_MODE", "STATIC", "VNET_SUBNET", "10.20.0.0",
        "VNET_NETMASK", "255.255.255.0", "VNET_ROUTER", "10.20.0.1", "VNET_PRIVINTERFACE", "br0",
        "VNET_MACMAP", "d0:0d:00:00:20:01=10.20.0.101 D0:0D:00:00:20:02=10.20.0.102"))
        .with(Map.of("CC_NETNS", lan, "CC_STATE_DIR", tmp.resolve("cc").toString()))).start();
    EucalyptusCCPortType client = SoapClients.create(EucalyptusCCPortType.class,
        "http://127.0.0.1:" + cc.port() + ClusterController.PATH, Duration.ofSeconds(2), Duration.ofSeconds(30));

    ClusterNetworkSoapTest.awaitCapacity(client, 4);
    RunInstances two = ClusterControllerIntegrationTest.run(List.of("i-05000001", "i-05000002"), 2);
    List<CcInstanceType> started = client.runInstances(two).getInstances();
    assertThat(started).extracting(i -> i.getNetParams().getPrivateMacAddress() + "=" + i.getNetParams().getPrivateIp())
        .containsExactlyInAnyOrder("d0:0d:00:00:20:01=10.20.0.101", "d0:0d:00:00:20:02=10.20.0.102");
    assertThat(started).allMatch(i -> i.getNetParams().getPublicIp().equals(i.getNetParams().getPrivateIp()));
    ClusterNetworkSoapTest.assertFault(() -> client.runInstances(
        ClusterControllerIntegrationTest.run(List.of("i-05000003"), 1)), "InsufficientAddressCapacity", "VNET_MACMAP");

    // The guest with the second pair's MAC asks for an address on the LAN and gets its own.
    Files.copy(Path.of("..", "tests", "guest", "dhcp.sh"), tmp.resolve("dhcp.sh"));
    tmp.resolve("dhcp.sh").toFile().setExecutable(true);
    CommandRunner.Result lease = sh.runAllowingFailure(List.of("ip", "netns", "exec", guest, "busybox", "udhcpc", "-i",
        "eth0", "-n", "-q", "-t", "5", "-T", "1", "-s", tmp.resolve("dhcp.sh").toString()), null);
    assertThat(lease.exitStatus()).as(lease.stdout() + lease.stderr()).isZero();
    assertThat(sh.run("ip", "-n", guest, "-4", "-o", "addr", "show", "dev", "eth0").stdout()).contains("10.20.0.102/24");
    assertThat(sh.run("ip", "-n", guest, "route").stdout()).contains("default via 10.20.0.1");

    // A terminated instance's pair is free again.
    TerminateInstances t = new TerminateInstances();
    t.getInstanceIds().add("i-05000001");
    client.terminateInstances(t);
    CcInstanceType again = client.runInstances(ClusterControllerIntegrationTest.run(List.of("i-05000004"), 1))
        .getInstances().get(0);
    assertThat(again.getNetParams().getPrivateIp()).isEqualTo("10.20.0.101");
  }
}
