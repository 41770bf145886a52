package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.simulator.NodeSimulator;
import org.eucalyptus.nc.simulator.SimulatorOptions;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * The node simulator under a real cloud: twenty simulated nodes in one process, a cluster controller
 * that lists them, a cloud controller that enrols them all through it (after which a node refuses an
 * unsigned call, as a real one does), instances that run on many of them, and one node stopped and
 * seen DOWN by its cluster while the others stay UP.
 */
@IntegrationTest
class NodeSimulatorTest {
  /** Twenty here; -Dsim.nodes=N runs the same story at N nodes and N instances (a benchmark, by hand). */
  static final int NODES = Integer.getInteger("sim.nodes", 20);

  @TempDir Path tmp;
  NodeSimulator sim;
  ClusterController cc;
  CloudMain cloud;
  Ec2Client ec2;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {ec2, cloud, cc, sim}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void aCloudRunsInstancesOnSimulatedNodesAndSeesOneGoDown() throws Exception {
    Libvirt.requireOrSkip();
    // Each node: 2 cores, 2 GiB, 20 GB; m1.small takes 1 core, so N instances need at least N/2 nodes.
    sim = NodeSimulator.start(new SimulatorOptions(NODES, "127.0.0.1", 0, tmp.resolve("sim"), 2, 2048, 20,
        Map.of("NC_MONITOR_MS", "1000")));
    int ccPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      ccPort = s.getLocalPort();
    }
    cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", String.valueOf(ccPort), "CC_BIND_ADDR", "127.0.0.1",
        "CC_STATE_DIR", tmp.resolve("cc").toString(), "NC_POLLING_FREQUENCY", "1", "NODES", sim.nodesLine()))
        .with("CC_KEYS_DIR", tmp.resolve("cc-keys").toString())).start();
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString(), "CLC_CLUSTERS", "cluster01=127.0.0.1:" + ccPort)));
    String eucarc = cloud.clc().dataDir().resolve("eucarc").toString();
    ec2 = NodeRegistrationTest.ec2(cloud);

    // Every simulated node UP and enrolled (its own key, certified by the cloud through the CC).
    long t0 = System.nanoTime();
    await("all nodes up and enrolled", Duration.ofSeconds(90 + NODES), () -> nodes(eucarc).stream()
        .filter(l -> l.get(3).equals("UP") && l.get(9).equals("enrolled")).count() == NODES);
    System.out.printf("%d simulated nodes UP and enrolled after %d ms%n", NODES, (System.nanoTime() - t0) / 1_000_000);
    assertThat(nodes(eucarc)).extracting(l -> l.get(5) + "/" + l.get(6)).containsOnly("2/2048");
    for (int i = 0; i < NODES; i++) {
      assertThat(tmp.resolve("sim/node-" + i + "/keys/node-cert.pem")).exists();
    }
    // Enrolled, a node takes only calls signed by its cloud's components, as a real one does.
    EucalyptusNCPortType unsigned = SoapClients.create(EucalyptusNCPortType.class,
        "http://" + sim.node(3).address() + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2), Duration.ofSeconds(10));
    assertThatThrownBy(() -> unsigned.ncDescribeResource(new NcDescribeResource()))
        .hasMessageContaining("sign");

    Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
    String emi = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("register-image", "--eucarc", eucarc,
        "--file", image.toString())).isZero()).strip().split("\t")[1];
    long t1 = System.nanoTime();
    List<String> ids = ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(NODES).maxCount(NODES))
        .instances().stream().map(Instance::instanceId).toList();
    // Running at the CLC: each node's long-poll describe carried its instances to the CC, and the CC's to the CLC.
    await(NODES + " instances running", Duration.ofSeconds(60 + NODES), () -> ec2.describeInstances(
        r -> r.instanceIds(ids)).reservations().stream().flatMap(r -> r.instances().stream())
        .allMatch(i -> i.state().name() == InstanceStateName.RUNNING));
    System.out.printf("RunInstances of %d: all running after %d ms%n", NODES, (System.nanoTime() - t1) / 1_000_000);
    // Each instance is in its reservation's one group, named once in what its node keeps of its launch
    // (it was named once per instance of the reservation, in every report of every instance).
    List<Path> orders;
    try (var files = Files.walk(tmp.resolve("sim"))) {
      orders = files.filter(f -> f.getFileName().toString().equals("instance.xml")).toList();
    }
    assertThat(orders).hasSize(NODES);
    for (Path order : orders) {
      assertThat(java.util.regex.Pattern.compile("<groupNames>default</groupNames>").matcher(Files.readString(order))
          .results().count()).as("the groups of %s", order).isEqualTo(1);
    }
    await("the instances counted on their nodes", Duration.ofSeconds(20), () -> nodes(eucarc).stream()
        .mapToInt(l -> Integer.parseInt(l.get(8))).sum() == NODES);
    List<List<String>> busy = nodes(eucarc).stream().filter(l -> !l.get(8).equals("0")).toList();
    assertThat(busy.size()).as("nodes with instances").isGreaterThanOrEqualTo(NODES / 2);

    // A node stopped: its cluster sees it DOWN, the other nineteen stay UP.
    String gone = busy.get(0).get(2);
    int index = java.util.stream.IntStream.range(0, NODES).filter(i -> sim.node(i).address().equals(gone))
        .findFirst().orElseThrow();
    long t2 = System.nanoTime();
    sim.node(index).stop();
    await("node " + gone + " DOWN", Duration.ofSeconds(30), () -> nodes(eucarc).stream()
        .anyMatch(l -> l.get(2).equals(gone) && l.get(3).equals("DOWN")));
    System.out.printf("simulated node %s seen DOWN by its cluster after %d ms%n", gone,
        (System.nanoTime() - t2) / 1_000_000);
    assertThat(nodes(eucarc)).filteredOn(l -> !l.get(2).equals(gone)).extracting(l -> l.get(3)).containsOnly("UP");
  }

  /** euca-admin list-nodes, each NODE line split at its tabs. */
  static List<List<String>> nodes(String eucarc) {
    StringBuilder out = new StringBuilder();
    if (NodeRegistrationTest.admin(out, "list-nodes", "--eucarc", eucarc, "--cluster", "cluster01") != 0) {
      return List.of();
    }
    return out.toString().lines().filter(l -> l.startsWith("NODE\t")).map(l -> List.of(l.split("\t"))).toList();
  }

  static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
      Thread.sleep(250);
    }
  }
}
