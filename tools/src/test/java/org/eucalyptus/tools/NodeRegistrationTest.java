package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Nodes registered at run time with the admin CLI (register-nodes, list-nodes, deregister-nodes,
 * through the cloud controller to the cluster controller): a cluster with no NODES gains a node,
 * its capacity shows in the zones and takes an instance; a restarted cluster controller still has
 * the node; deregistering is refused while the node runs an instance, and then takes its capacity
 * away. A real CLC, CC and NC (libvirt's test driver).
 */
@IntegrationTest
class NodeRegistrationTest {
  @TempDir Path tmp;
  NodeController nc;
  ClusterController cc;
  CloudMain cloud;
  Ec2Client ec2;
  String eucarc;
  int ccPort;

  @BeforeEach
  void start() throws Exception {
    Libvirt.requireOrSkip();
    nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "4", "MAX_MEM", "4096", "MAX_DISK", "100",
        "NC_MONITOR_MS", "200")).with("NC_KEYS_DIR", tmp.resolve("nc-keys").toString())).start();
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      ccPort = s.getLocalPort(); // the CLC knows the cluster by this address, across the CC's restart
    }
    startCc();
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString(), "CLC_CLUSTERS", "cluster01=127.0.0.1:" + ccPort)));
    eucarc = cloud.clc().dataDir().resolve("eucarc").toString();
    ec2 = ec2(cloud);
  }

  /** An EC2 client of the AWS SDK, as the cloud's administrator. */
  static Ec2Client ec2(CloudMain cloud) {
    return Ec2Client.builder()
        .endpointOverride(java.net.URI.create("http://127.0.0.1:" + cloud.port() + "/services/Eucalyptus"))
        .region(software.amazon.awssdk.regions.Region.of("eucalyptus"))
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(cloud.clc().admin().accessKeyId(),
                cloud.clc().admin().secretKey())))
        .httpClient(software.amazon.awssdk.http.apache5.Apache5HttpClient.create()).build();
  }

  void startCc() throws Exception {
    cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", String.valueOf(ccPort), "CC_BIND_ADDR", "127.0.0.1",
        "CC_STATE_DIR", tmp.resolve("cc").toString(), "NC_POLLING_FREQUENCY", "1"))
        .with("CC_KEYS_DIR", tmp.resolve("cc-keys").toString())).start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {ec2, cloud, cc, nc}) {
      if (c != null) {
        c.close();
      }
    }
  }

  String smallRow() {
    return ec2.describeAvailabilityZones(r -> r.zoneNames("verbose")).availabilityZones().stream()
        .filter(z -> z.zoneName().equals("|- m1.small")).map(z -> z.stateAsString()).findFirst().orElse("");
  }

  /** Runs euca-admin; its exit status, with stdout (and stderr) in {@code out}. */
  static int admin(StringBuilder out, String... args) {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream oldErr = System.err;
    int[] rc = new int[1];
    try {
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      out.append(EndToEndTest.captureStdout(() -> rc[0] = EucaAdmin.run(args)));
    } finally {
      System.setErr(oldErr);
    }
    out.append(err.toString(java.nio.charset.StandardCharsets.UTF_8));
    return rc[0];
  }

  @Test
  void nodesJoinAndLeaveAtRunTimeAndSurviveARestart() throws Exception {
    EndToEndTest.awaitTrue("cluster01 known", Duration.ofSeconds(20), () -> !smallRow().isEmpty());
    assertThat(smallRow()).startsWith("0000 / 0000");
    StringBuilder out = new StringBuilder();
    assertThat(admin(out, "list-nodes", "--eucarc", eucarc, "--cluster", "cluster01")).isZero();
    assertThat(out.toString()).doesNotContain("NODE");

    String node = "127.0.0.1:" + nc.port();
    out.setLength(0);
    assertThat(admin(out, "register-nodes", "--eucarc", eucarc, "--cluster", "cluster01", node)).as(out::toString).isZero();
    assertThat(out.toString()).startsWith("NODE\tcluster01\t" + node + "\t").contains("\tregistered\t");
    // Registering the same node again changes nothing.
    out.setLength(0);
    assertThat(admin(out, "register-nodes", "--eucarc", eucarc, "--cluster", "cluster01", node)).isZero();
    EndToEndTest.awaitTrue("the node's capacity in the zones", Duration.ofSeconds(20),
        () -> smallRow().startsWith("0004 / 0004"));
    out.setLength(0);
    assertThat(admin(out, "list-nodes", "--eucarc", eucarc, "--cluster", "cluster01")).isZero();
    assertThat(out.toString().lines().toList())
        .containsExactly("NODE\tcluster01\t" + node + "\tUP\tregistered\t4\t4096\t100\t0\tenrolled");

    Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
    String emi = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("register-image", "--eucarc", eucarc,
        "--file", image.toString())).isZero()).strip().split("\t")[1];
    String id = ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(1).maxCount(1))
        .instances().get(0).instanceId();
    EndToEndTest.awaitTrue("running", Duration.ofSeconds(30), () -> ec2.describeInstances(r -> r.instanceIds(id))
        .reservations().get(0).instances().get(0).state().name() == InstanceStateName.RUNNING);

    // A restarted cluster controller still has the node, and hears of its instance again.
    cc.close();
    startCc();
    EndToEndTest.awaitTrue("the node back after the restart", Duration.ofSeconds(20), () -> {
      StringBuilder o = new StringBuilder();
      return admin(o, "list-nodes", "--eucarc", eucarc, "--cluster", "cluster01") == 0
          && o.toString().contains("\tUP\tregistered\t4\t4096\t100\t1");
    });

    // A node with an instance stays; once the instance ends it can go, and its capacity with it.
    out.setLength(0);
    assertThat(admin(out, "deregister-nodes", "--eucarc", eucarc, "--cluster", "cluster01", node)).isEqualTo(1);
    assertThat(out.toString()).contains("still runs instances");
    ec2.terminateInstances(r -> r.instanceIds(id));
    EndToEndTest.awaitTrue("deregistered", Duration.ofSeconds(30), () -> {
      StringBuilder o = new StringBuilder();
      return admin(o, "deregister-nodes", "--eucarc", eucarc, "--cluster", "cluster01", node) == 0;
    });
    EndToEndTest.awaitTrue("no capacity left", Duration.ofSeconds(20), () -> smallRow().startsWith("0000 / 0000"));
    assertThat(Files.readString(tmp.resolve("cc/nodes"))).isBlank();

    // Mistakes are one line and exit status 1.
    for (List<String> bad : List.of(List.of("register-nodes", "--cluster", "cluster01", "no such host!"),
        List.of("register-nodes", "--cluster", "nowhere", node),
        List.of("deregister-nodes", "--cluster", "cluster01", "10.9.9.9"))) {
      out.setLength(0);
      List<String> argv = new java.util.ArrayList<>(bad);
      argv.addAll(List.of("--eucarc", eucarc));
      assertThat(admin(out, argv.toArray(String[]::new))).as(String.join(" ", bad)).isEqualTo(1);
      assertThat(out.toString().lines().filter(l -> l.startsWith("euca-admin: ")).count()).as(out::toString).isEqualTo(1);
      assertThat(out.toString()).doesNotContain("Exception");
    }
  }
}
