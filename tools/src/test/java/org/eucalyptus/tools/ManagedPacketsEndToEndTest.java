package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.testfixtures.NetworkNamespaces;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * The whole MANAGED story with real packets and each component where it would run: the cloud
 * controller here; the cluster controller as its own process in a "front end" namespace (its LAN
 * bridge, its public interface); the node controller as its own process in a "node" namespace
 * joined to the front end's LAN (VXLAN segments). A user of the EC2 API creates a key pair,
 * authorizes ports and runs two instances; stand-ins for the guests (namespaces on the node's
 * bridge with the instances' MACs) get their addresses by DHCP, read their own instance id, public
 * key and user data from the real metadata service, reach each other only on the port their group
 * allows, are reached from an "outside" namespace through their elastic addresses only on the port
 * authorized from anywhere, and lose what a revoke takes within seconds. Terminating releases
 * their DHCP entries and addresses. The same in MANAGED-NOVLAN, every group on the node's one bridge.
 * Needs root, iptables, dnsmasq, busybox and libvirt.
 */
@RootTest
class ManagedPacketsEndToEndTest {
  @TempDir Path tmp;
  static final CommandRunner SH = new CommandRunner(Duration.ofSeconds(30));
  final String ID = Long.toHexString(System.nanoTime() & 0xfffff);
  final String FE = "pfe" + ID;
  final String NODE = "pn1" + ID;
  final String PUB = "ppub" + ID;
  final String HOST_END = "pclc" + ID;
  final NetworkNamespaces namespaces = new NetworkNamespaces();
  final List<Process> PROCESSES = new ArrayList<>();
  CloudMain cloud;
  Ec2Client ec2;
  String emi;

  @BeforeEach
  void hosts() throws Exception {
    Libvirt.requireOrSkip();
    for (String tool : new String[] {"iptables-restore", "dnsmasq", "busybox", "ss"}) {
      boolean have = SH.runAllowingFailure(List.of("sh", "-c", "command -v " + tool + " || test -x /usr/sbin/" + tool),
          null).exitStatus() == 0;
      if (!have || !"root".equals(System.getProperty("user.name"))) {
        String why = "root and " + tool + " are needed (apt-get install iptables dnsmasq-base busybox-static)";
        if ("true".equals(System.getenv("CI"))) {
          Assertions.fail(why);
        }
        Assumptions.abort(why);
      }
    }
    for (String ns : new String[] {FE, NODE, PUB}) {
      namespaces.add(ns);
      SH.run("ip", "-n", ns, "link", "set", "lo", "up");
    }
    // The cloud controller's host (this namespace) and the front end: 10.0.9.1 <-> 10.0.9.2; the
    // instances' replies come back through the front end.
    SH.run("ip", "link", "add", HOST_END, "type", "veth", "peer", "name", "up0", "netns", FE);
    SH.run("ip", "addr", "add", "10.0.9.1/24", "dev", HOST_END);
    SH.run("ip", "link", "set", HOST_END, "up");
    SH.run("ip", "-n", FE, "addr", "add", "10.0.9.2/24", "dev", "up0");
    SH.run("ip", "-n", FE, "link", "set", "up0", "up");
    SH.run("ip", "route", "add", "10.10.0.0/16", "via", "10.0.9.2", "dev", HOST_END);
    // The cluster's private LAN: the front end's bridge and the node's eth0.
    SH.run("ip", "-n", FE, "link", "add", "brphys", "type", "bridge");
    SH.run("ip", "-n", FE, "addr", "add", "10.0.0.1/24", "dev", "brphys");
    SH.run("ip", "-n", FE, "link", "set", "brphys", "up");
    SH.run("ip", "link", "add", "pfn" + ID, "netns", FE, "type", "veth", "peer", "name", "eth0", "netns", NODE);
    SH.run("ip", "-n", FE, "link", "set", "pfn" + ID, "master", "brphys", "up");
    SH.run("ip", "-n", NODE, "addr", "add", "10.0.0.11/24", "dev", "eth0");
    SH.run("ip", "-n", NODE, "link", "set", "eth0", "up");
    // The outside world on the front end's public interface.
    SH.run("ip", "link", "add", "pub0", "netns", FE, "type", "veth", "peer", "name", "eth0", "netns", PUB);
    SH.run("ip", "-n", FE, "addr", "add", "10.99.0.1/24", "dev", "pub0");
    SH.run("ip", "-n", FE, "link", "set", "pub0", "up");
    SH.run("ip", "-n", PUB, "addr", "add", "10.99.0.200/24", "dev", "eth0");
    SH.run("ip", "-n", PUB, "link", "set", "eth0", "up");
    SH.run("ip", "netns", "exec", FE, "sysctl", "-qw", "net.ipv4.ip_forward=1");
  }

  /**
   * The cloud in {@code mode}: MANAGED over VXLAN segments, or MANAGED-NOVLAN with every group on
   * the node's one bridge (which holds its LAN interface).
   */
  void startCloud(String mode) throws Exception {
    boolean novlan = mode.equals("MANAGED-NOVLAN");
    if (novlan) {
      SH.run("ip", "-n", NODE, "link", "add", "br0", "type", "bridge");
      SH.run("ip", "-n", NODE, "addr", "flush", "dev", "eth0");
      SH.run("ip", "-n", NODE, "link", "set", "eth0", "master", "br0");
      SH.run("ip", "-n", NODE, "addr", "add", "10.0.0.11/24", "dev", "br0");
      SH.run("ip", "-n", NODE, "link", "set", "br0", "up");
    }
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "0.0.0.0",
        "CLC_DATA_DIR", tmp.resolve("clc").toString(), "CLC_CLUSTERS", "cluster01=10.0.9.2:8774")));
    component(NODE, "node", "org.eucalyptus.nc.NodeControllerMain", Map.ofEntries(Map.entry("NC_PORT", "8775"),
        Map.entry("NC_BIND_ADDR", "10.0.0.11"), Map.entry("HYPERVISOR", "test"),
        Map.entry("INSTANCE_PATH", tmp.resolve("nc").toString()), Map.entry("MAX_CORES", "8"),
        Map.entry("MAX_MEM", "8192"), Map.entry("MAX_DISK", "100"), Map.entry("VNET_MODE", mode),
        Map.entry("VNET_SEGMENT", "vxlan"), Map.entry("VNET_PUBINTERFACE", "eth0"), Map.entry("VNET_BRIDGE", "br0"),
        Map.entry("VNET_LOCALIP", "10.0.0.11"), Map.entry("NC_KEYS_DIR", tmp.resolve("nc-keys").toString())));
    component(FE, "cc", "org.eucalyptus.cc.ClusterControllerMain", Map.ofEntries(Map.entry("CC_PORT", "8774"),
        Map.entry("CC_BIND_ADDR", "10.0.9.2"), Map.entry("NODES", "10.0.0.11:8775"),
        Map.entry("VNET_MODE", mode), Map.entry("VNET_SEGMENT", "vxlan"), Map.entry("VNET_SUBNET", "10.10.0.0"),
        Map.entry("VNET_NETMASK", "255.255.0.0"), Map.entry("VNET_ADDRSPERNET", "32"),
        Map.entry("VNET_PRIVINTERFACE", "brphys"), Map.entry("VNET_PUBINTERFACE", "pub0"),
        Map.entry("VNET_LOCALIP", "10.0.0.1"), Map.entry("VNET_DNS", "10.0.0.1"),
        Map.entry("VNET_CLOUDIP", "10.0.9.1"), Map.entry("CLC_PORT", String.valueOf(cloud.port())),
        Map.entry("CC_STATE_DIR", tmp.resolve("cc").toString()),
        Map.entry("CC_KEYS_DIR", tmp.resolve("cc-keys").toString())));

    Path eucarc = cloud.clc().dataDir().resolve("eucarc");
    Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
    String out = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("register-image", "--eucarc",
        eucarc.toString(), "--file", image.toString())).isZero());
    emi = out.strip().split("\t")[1];
    EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("set-addresses", "--eucarc", eucarc.toString(),
        "cluster01", "10.99.0.50-10.99.0.51")).isZero());
    ec2 = Ec2Client.builder()
        .endpointOverride(java.net.URI.create("http://127.0.0.1:" + cloud.port() + "/services/Eucalyptus"))
        .region(software.amazon.awssdk.regions.Region.of("eucalyptus"))
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(cloud.clc().admin().accessKeyId(),
                cloud.clc().admin().secretKey())))
        .httpClient(software.amazon.awssdk.http.apache5.Apache5HttpClient.create()).build();
  }

  /** A component as its own process, in the namespace that stands for its host. */
  void component(String ns, String name, String main, Map<String, String> settings) throws Exception {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-Dlog4j2.configurationFile=" + Path.of("..", "etc", "log4j2-test.xml").toAbsolutePath(),
        "-cp", System.getProperty("java.class.path"), main));
    new LinkedHashMap<>(settings).forEach((k, v) -> argv.addAll(List.of("--set", k + "=" + v)));
    PROCESSES.add(new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile())
        .start());
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {ec2, cloud}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
    for (Process p : PROCESSES) {
      p.destroy();
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    namespaces.close(); // the stand-ins' first, then the hosts', each with what still runs in it
    SH.runAllowingFailure(List.of("ip", "link", "del", HOST_END), null); // takes its route along
  }

  static CommandRunner.Result in(String ns, String... argv) throws Exception {
    List<String> all = new ArrayList<>(NetworkNamespaces.exec(ns));
    all.addAll(List.of(argv));
    return SH.runAllowingFailure(all, null);
  }

  static String get(String ns, String url) throws Exception {
    CommandRunner.Result r = in(ns, "timeout", "4", "busybox", "wget", "-q", "-O", "-", url);
    return r.exitStatus() == 0 ? r.stdout() : null;
  }

  static boolean reaches(String ns, String url) throws Exception {
    return get(ns, url) != null;
  }

  void await(String what, int seconds, java.util.concurrent.Callable<Boolean> done) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (!done.call()) {
      assertThat(System.nanoTime()).as("waiting for " + what + "; the CC said: "
          + Files.readString(tmp.resolve("cc.log")) + "; the NC said: " + Files.readString(tmp.resolve("node.log")))
          .isLessThan(end);
      Thread.sleep(200);
    }
  }

  /** A stand-in guest: a namespace whose eth0 has the instance's MAC, on the node's bridge. */
  String standIn(String name, String mac, String bridge) throws Exception {
    String ns = namespaces.add(name + ID);
    SH.run("ip", "link", "add", "v" + name + ID, "netns", NODE, "type", "veth", "peer", "name", "eth0", "netns", ns);
    SH.run("ip", "-n", NODE, "link", "set", "v" + name + ID, "master", bridge, "up");
    SH.run("ip", "-n", ns, "link", "set", "eth0", "address", mac);
    SH.run("ip", "-n", ns, "link", "set", "eth0", "up");
    SH.run("ip", "-n", ns, "link", "set", "lo", "up");
    return ns;
  }

  void serve(String ns, String text, String... ports) throws Exception {
    Path www = Files.createDirectories(tmp.resolve("www-" + ns));
    Files.writeString(www.resolve("index.html"), text);
    for (String port : ports) {
      PROCESSES.add(new ProcessBuilder("ip", "netns", "exec", ns, "busybox", "httpd", "-f", "-p", port, "-h",
          www.toString()).start());
    }
    for (String port : ports) {
      await("httpd listening on " + ns + ":" + port, 10, () -> listening(ns, port));
    }
  }

  /** Whether something in {@code ns} listens on TCP {@code port}. */
  static boolean listening(String ns, String port) throws Exception {
    return !in(ns, "ss", "-Hltn", "sport", "=", ":" + port).stdout().isBlank();
  }

  @Test
  void managedOverVxlan() throws Exception {
    startCloud("MANAGED");
    twoInstancesTalkAsTheirGroupAllowsAndReadTheirOwnMetadata(false);
  }

  @Test
  void managedNoVlan() throws Exception {
    startCloud("MANAGED-NOVLAN");
    twoInstancesTalkAsTheirGroupAllowsAndReadTheirOwnMetadata(true);
  }

  void twoInstancesTalkAsTheirGroupAllowsAndReadTheirOwnMetadata(boolean novlan) throws Exception {
    EndToEndTest.awaitTrue("cluster01 available", Duration.ofSeconds(60), () -> ec2.describeAvailabilityZones()
        .availabilityZones().stream().anyMatch(z -> z.zoneName().equals("cluster01") && z.stateAsString().equals("available")));
    ec2.createKeyPair(r -> r.keyName("e2e"));
    ec2.authorizeSecurityGroupIngress(r -> r.groupName("default").ipPermissions(IpPermission.builder().ipProtocol("tcp")
        .fromPort(8080).toPort(8080).userIdGroupPairs(UserIdGroupPair.builder().groupName("default").build()).build()));
    ec2.authorizeSecurityGroupIngress(r -> r.groupName("default").ipProtocol("tcp").fromPort(8081).toPort(8081)
        .cidrIp("0.0.0.0/0"));
    String userData = Base64.getEncoder().encodeToString("hello from e2e".getBytes(StandardCharsets.UTF_8));
    List<String> ids = ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(2).maxCount(2)
        .keyName("e2e").userData(userData)).instances().stream().map(Instance::instanceId).toList();
    await("both running", 60, () -> ec2.describeInstances(r -> r.instanceIds(ids)).reservations().stream()
        .flatMap(r -> r.instances().stream()).allMatch(i -> i.state().name() == InstanceStateName.RUNNING));
    List<Instance> running = ec2.describeInstances(r -> r.instanceIds(ids)).reservations().stream()
        .flatMap(r -> r.instances().stream()).toList();

    // MANAGED: the node's segment and bridge were made for the launch. The CC's DHCP knows each MAC.
    String bridge = novlan ? "br0" : SH.run("ip", "-n", NODE, "-o", "link", "show", "type", "bridge").stdout().lines()
        .map(l -> l.split(": ")[1].split("@")[0]).filter(b -> b.startsWith("eucabr")).findFirst().orElseThrow();
    Map<String, String> macOf = new LinkedHashMap<>();
    await("DHCP entries", 10, () -> Files.readString(tmp.resolve("cc/applied/dhcp-hosts")).lines().count() == 2);
    for (String line : Files.readAllLines(tmp.resolve("cc/applied/dhcp-hosts"))) {
      String[] f = line.split(",");
      macOf.put(f[2], f[0]);
    }
    Path hook = tmp.resolve("dhcp.sh"); // udhcpc's hook, executable
    Files.copy(Path.of("..", "tests", "guest", "dhcp.sh"), hook);
    hook.toFile().setExecutable(true);
    Map<String, String> guestOf = new LinkedHashMap<>();
    for (Instance i : running) {
      String ns = standIn("g" + guestOf.size(), macOf.get(i.instanceId()), bridge);
      guestOf.put(i.instanceId(), ns);
      CommandRunner.Result lease = in(ns, "busybox", "udhcpc", "-i", "eth0", "-n", "-q", "-t", "5", "-T", "1",
          "-s", hook.toString());
      assertThat(lease.exitStatus()).as(lease.stdout() + lease.stderr()).isZero();
      assertThat(in(ns, "ip", "-4", "-o", "addr", "show", "dev", "eth0").stdout()).contains(i.privateIpAddress() + "/");
      // The metadata service knows the caller by its private address.
      assertThat(get(ns, "http://169.254.169.254/latest/meta-data/instance-id")).isEqualTo(i.instanceId());
      assertThat(get(ns, "http://169.254.169.254/latest/meta-data/local-ipv4")).isEqualTo(i.privateIpAddress());
      assertThat(get(ns, "http://169.254.169.254/latest/meta-data/public-keys/0/openssh-key")).startsWith("ssh-rsa ");
      assertThat(get(ns, "http://169.254.169.254/latest/user-data")).isEqualTo("hello from e2e");
    }
    Instance a = running.get(0);
    Instance b = running.get(1);
    String guestA = guestOf.get(a.instanceId());
    String guestB = guestOf.get(b.instanceId());
    serve(guestA, "a says hello\n", "8080", "8081", "8082");

    // Inside the group: 8080 (its own group) and 8081 (anywhere) pass; 8082 does not.
    String base = "http://" + a.privateIpAddress() + ":";
    assertThat(get(guestB, base + "8080/")).isEqualTo("a says hello\n");
    assertThat(reaches(guestB, base + "8081/")).isTrue();
    assertThat(reaches(guestB, base + "8082/")).isFalse();
    // From outside, through the elastic address: only what is open to anywhere.
    assertThat(a.publicIpAddress()).startsWith("10.99.0.5");
    String outside = "http://" + a.publicIpAddress() + ":";
    assertThat(get(PUB, outside + "8081/")).isEqualTo("a says hello\n");
    assertThat(reaches(PUB, outside + "8080/")).isFalse();
    assertThat(reaches(PUB, outside + "8082/")).isFalse();

    // A revoke reaches the node's bridge within seconds.
    ec2.revokeSecurityGroupIngress(r -> r.groupName("default").ipPermissions(IpPermission.builder().ipProtocol("tcp")
        .fromPort(8080).toPort(8080).userIdGroupPairs(UserIdGroupPair.builder().groupName("default").build()).build()));
    await("8080 inside the group closed", 10, () -> !reaches(guestB, base + "8080/"));
    assertThat(reaches(guestB, base + "8081/")).isTrue();

    // Terminated: the DHCP entries and the elastic addresses' NAT are gone.
    ec2.terminateInstances(r -> r.instanceIds(ids));
    await("DHCP entries gone", 30, () -> Files.readString(tmp.resolve("cc/applied/dhcp-hosts")).isBlank());
    await("NAT gone", 30, () -> !reaches(PUB, outside + "8081/")
        && !SH.run("ip", "netns", "exec", FE, "iptables-save", "-t", "nat").stdout().contains("10.99.0.5"));
  }
}
