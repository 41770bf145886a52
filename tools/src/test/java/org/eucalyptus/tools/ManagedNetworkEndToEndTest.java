package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.NetworkNamespaces;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.testfixtures.TestPostgres;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * The cloud controller driving a MANAGED-NOVLAN cluster (its networking in a namespace of its own):
 * a launch starts the group's network with the account's rules, each instance gets an address on
 * it (shown by DescribeInstances), and authorizing or revoking a rule reaches the cluster's firewall
 * within seconds. Needs root and iptables.
 */
@RootTest
class ManagedNetworkEndToEndTest {
  @TempDir static Path tmp;
  static final CommandRunner SH = new CommandRunner(Duration.ofSeconds(20));
  static final String NS = "emn" + Long.toHexString(System.nanoTime() & 0xfffff);
  static NodeController nc;
  static ClusterController cc;
  static CloudMain cloud;
  static Ec2Client ec2;
  static String emi;
  static TestPostgres postgres;
  static final NetworkNamespaces NAMESPACES = new NetworkNamespaces();

  @BeforeAll
  static void start() throws Exception {
    Libvirt.requireOrSkip();
    HostParts.requireRootAnd("ip");
    NAMESPACES.add(NS);
    SH.run("ip", "-n", NS, "link", "add", "priv0", "type", "veth", "peer", "name", "pub0");
    SH.run("ip", "-n", NS, "link", "set", "priv0", "up");
    SH.run("ip", "-n", NS, "link", "set", "pub0", "up");
    nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "8", "MAX_MEM", "8192", "MAX_DISK", "100"))
        .with("NC_KEYS_DIR", tmp.resolve("nc-keys").toString())).start();
    cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
        "NODES", "127.0.0.1:" + nc.port(), "VNET_MODE", "MANAGED-NOVLAN", "VNET_SUBNET", "10.10.0.0",
        "VNET_NETMASK", "255.255.0.0", "VNET_ADDRSPERNET", "32", "VNET_PRIVINTERFACE", "priv0",
        "VNET_PUBINTERFACE", "pub0")).with(Map.of("CC_NETNS", NS, "CC_STATE_DIR", tmp.resolve("cc").toString(),
            "CC_KEYS_DIR", tmp.resolve("cc-keys").toString())));
    cc.start();
    postgres = TestPostgres.requested() ? TestPostgres.create("euca_e2e") : null; // the same on PostgreSQL when asked
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString(), "CLC_CLUSTERS", "cluster01=127.0.0.1:" + cc.port()))
        .with(postgres == null ? Map.of() : postgres.settings("CLC")));
    Path eucarc = cloud.clc().dataDir().resolve("eucarc");
    Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
    String out = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("register-image", "--eucarc",
        eucarc.toString(), "--file", image.toString())).isZero());
    emi = out.strip().split("\t")[1];
    EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("set-addresses", "--eucarc", eucarc.toString(),
        "cluster01", "198.51.100.20-198.51.100.21")).isZero());
    ec2 = software.amazon.awssdk.services.ec2.Ec2Client.builder()
        .endpointOverride(java.net.URI.create("http://127.0.0.1:" + cloud.port() + "/services/Eucalyptus"))
        .region(software.amazon.awssdk.regions.Region.of("eucalyptus"))
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(cloud.clc().admin().accessKeyId(),
                cloud.clc().admin().secretKey())))
        .httpClient(software.amazon.awssdk.http.apache5.Apache5HttpClient.create()).build();
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {ec2, cloud, cc, nc, postgres}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
    NAMESPACES.close();
  }

  static String firewall() throws Exception {
    return SH.run("ip", "netns", "exec", NS, "iptables-save").stdout();
  }

  static void await(String what, java.util.concurrent.Callable<Boolean> done) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.call()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(end);
      Thread.sleep(100);
    }
  }

  static void awaitStates(List<String> ids, InstanceStateName want) throws Exception {
    await("instances " + want, () -> ec2.describeInstances(r -> r.instanceIds(ids)).reservations().stream()
        .flatMap(r -> r.instances().stream()).allMatch(i -> i.state().name() == want));
  }

  @Test
  void launchesJoinTheirGroupsNetworkAndRulesReachTheCluster() throws Exception {
    EndToEndTest.awaitTrue("cluster01 available", Duration.ofSeconds(20), () -> ec2.describeAvailabilityZones()
        .availabilityZones().stream().anyMatch(z -> z.zoneName().equals("cluster01") && z.stateAsString().equals("available")));
    List<String> ids = ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(2).maxCount(2))
        .instances().stream().map(Instance::instanceId).toList();
    awaitStates(ids, InstanceStateName.RUNNING);
    List<String> addresses = ec2.describeInstances(r -> r.instanceIds(ids)).reservations().get(0).instances().stream()
        .map(Instance::privateIpAddress).toList();
    // The default group's network is the first of the plan (tag 2): 10.10.0.0/27, instances from .9.
    assertThat(addresses).containsExactlyInAnyOrder("10.10.0.9", "10.10.0.10");
    String chain = org.eucalyptus.cc.network.IptablesRules.chain(cloud.clc().admin().accountNumber(), "default");
    assertThat(firewall()).contains("-A EUCA-CC-FORWARD -d 10.10.0.0/27 -j " + chain);
    assertThat(Files.readString(tmp.resolve("cc/applied/dhcp-hosts"))).contains(",10.10.0.9,").contains(",10.10.0.10,");

    // The addresses lent at launch are NATed by the cluster, on its public interface.
    for (Instance i : ec2.describeInstances(r -> r.instanceIds(ids)).reservations().get(0).instances()) {
      assertThat(i.publicIpAddress()).startsWith("198.51.100.2");
      await("the NAT of " + i.publicIpAddress(), () -> firewall().contains("-A EUCA-CC-PREROUTING -d " + i.publicIpAddress()
          + "/32 -j DNAT --to-destination " + i.privateIpAddress()));
      assertThat(SH.run("ip", "-n", NS, "-o", "addr", "show", "dev", "pub0").stdout())
          .contains(i.publicIpAddress() + "/32");
    }

    ec2.authorizeSecurityGroupIngress(r -> r.groupName("default").ipProtocol("tcp").fromPort(22).toPort(22)
        .cidrIp("0.0.0.0/0"));
    await("the rule in the cluster's firewall", () -> firewall().contains("-A " + chain
        + " -d 10.10.0.0/27 -p tcp -m tcp --dport 22 -j ACCEPT"));
    ec2.revokeSecurityGroupIngress(r -> r.groupName("default").ipProtocol("tcp").fromPort(22).toPort(22)
        .cidrIp("0.0.0.0/0"));
    await("the rule gone", () -> !firewall().contains("--dport 22"));

    ec2.terminateInstances(r -> r.instanceIds(ids));
    awaitStates(ids, InstanceStateName.TERMINATED);
    await("their DHCP entries gone", () -> !Files.readString(tmp.resolve("cc/applied/dhcp-hosts")).contains("10.10.0.9"));
    await("their NAT gone", () -> !firewall().contains("198.51.100.2"));
  }
}
