package org.eucalyptus.cc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.cc.nodes.FreezableRelay;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.wsdl.cc.DescribeResources;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.types.NodeType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster controller follows its nodes without a thread per node, and finds a node that stops
 * answering (killed, or wedged with its port still open) within CC_NODE_TIMEOUT_SEC, with 50 real
 * node controllers (libvirt test driver) in this JVM.
 */
@IntegrationTest
class NodeFollowingScaleTest {
  static final int FEW = 5;
  static final int MANY = 50;
  static final int TIMEOUT_SEC = 4;
  @TempDir static Path tmp;
  static final List<NodeController> ncs = new ArrayList<>();

  @BeforeAll
  static void startNodes() throws Exception {
    try {
      new org.libvirt.Connect("test:///default", false).close();
    } catch (Throwable e) {
      String why = "libvirt is not usable here (" + e + "); apt-get install libvirt0";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    for (int i = 0; i < MANY; i++) {
      ncs.add(node(i));
    }
  }

  static NodeController node(int i) throws Exception {
    return new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1",
        "HYPERVISOR", "test", "INSTANCE_PATH", tmp.resolve("nc" + i).toString(), "MAX_CORES", "4", "MAX_MEM", "4096",
        "MAX_DISK", "100"))).start();
  }

  @AfterAll
  static void stopNodes() {
    ncs.forEach(NodeController::close);
  }

  static ClusterController cluster(List<Integer> ports) throws Exception {
    Map<String, String> conf = new HashMap<>(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
        "NODES", ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(" ")),
        "CC_NODE_TIMEOUT_SEC", String.valueOf(TIMEOUT_SEC), "CC_STATE_DIR", tmp.resolve("cc").toString(),
        "CC_KEYS_DIR", tmp.resolve("cc-keys").toString()));
    return new ClusterController(EucaConf.of(conf)).start();
  }

  static EucalyptusCCPortType client(ClusterController cc) {
    return SoapClients.create(EucalyptusCCPortType.class, "http://127.0.0.1:" + cc.port() + ClusterController.PATH,
        Duration.ofSeconds(2), Duration.ofSeconds(30));
  }

  /** Each node's state (UP, DOWN) by its port. */
  static Map<Integer, String> states(EucalyptusCCPortType client) throws Exception {
    DescribeResources d = new DescribeResources();
    d.getInstanceTypes().add(ClusterControllerIntegrationTest.small());
    Map<Integer, String> out = new HashMap<>();
    for (NodeType n : client.describeResources(d).getNodes()) {
      out.put(java.net.URI.create(n.getServiceTag()).getPort(), n.getState());
    }
    return out;
  }

  static void awaitAllUp(EucalyptusCCPortType client, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      Map<Integer, String> s = states(client);
      if (s.size() == count && s.values().stream().allMatch("UP"::equals)) {
        return;
      }
      assertThat(System.nanoTime()).as("all %d nodes up: %s", count, s).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  static Set<Thread> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
  }

  static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** A pool's name without its thread's number: {@code multiThreadIoEventLoopGroup-7-2} is of group 7. */
  static String pool(String threadName) {
    int dash = threadName.lastIndexOf('-');
    return dash < 0 ? threadName : threadName.substring(0, dash);
  }

  /**
   * The threads a cluster controller following {@code n} nodes has started, after a few poll rounds.
   * A thread of a pool that ran before it started is a node controller's (its event loop's second
   * thread starts with a second connection), as is one named nc-, not the cluster controller's; the
   * test's own SOAP client
   * to it counts (a constant).
   */
  static List<String> clusterThreads(int n) throws Exception {
    Set<Thread> before = liveThreads();
    Set<String> poolsBefore = before.stream().map(t -> pool(t.getName())).collect(Collectors.toSet());
    List<Integer> ports = ncs.subList(0, n).stream().map(NodeController::port).toList();
    List<String> started;
    long heapWith;
    try (ClusterController cc = cluster(ports)) {
      EucalyptusCCPortType client = client(cc);
      awaitAllUp(client, n);
      Thread.sleep(3000); // long polls held, answered and sent again
      started = liveThreads().stream().filter(t -> !before.contains(t)).map(Thread::getName)
          .filter(name -> !name.startsWith("nc-") && !poolsBefore.contains(pool(name))).sorted().toList();
      heapWith = usedHeapAfterGc();
    }
    // What the cluster controller held is garbage once it is closed; what the nodes grew stays.
    long heapOwn = heapWith - usedHeapAfterGc();
    System.out.printf("cluster controller following %d nodes: %d threads, heap %d KiB: %s%n", n, started.size(),
        heapOwn / 1024, started);
    return started;
  }

  @Test
  void threadsDoNotGrowWithTheNodes() throws Exception {
    List<String> few = clusterThreads(FEW);
    List<String> many = clusterThreads(MANY);
    assertThat(many.size() - few.size()).as("threads at %d nodes %s vs %d nodes %s", MANY, many, FEW, few)
        .isLessThanOrEqualTo(2);
  }

  @Test
  void aKilledOrWedgedNodeIsDownWithinTheTimeout() throws Exception {
    NodeController victim = node(MANY);
    boolean killed = false;
    try (FreezableRelay wedged = new FreezableRelay(ncs.get(0).port())) {
      List<Integer> ports = new ArrayList<>();
      ports.add(wedged.port());
      ports.add(victim.port());
      ncs.subList(1, MANY).forEach(n -> ports.add(n.port()));
      try (ClusterController cc = cluster(ports)) {
        EucalyptusCCPortType client = client(cc);
        awaitAllUp(client, MANY + 1);
        Thread.sleep(1500); // in the middle of a long poll
        long t0 = System.nanoTime();
        wedged.freeze();
        victim.close();
        killed = true;
        Map<Integer, Long> downAfterMs = new HashMap<>();
        while (downAfterMs.size() < 2 && System.nanoTime() - t0 < Duration.ofSeconds(TIMEOUT_SEC * 3L).toNanos()) {
          Map<Integer, String> s = states(client);
          for (int p : List.of(wedged.port(), victim.port())) {
            if ("DOWN".equals(s.get(p))) {
              downAfterMs.putIfAbsent(p, (System.nanoTime() - t0) / 1_000_000);
            }
          }
          Thread.sleep(20);
        }
        System.out.printf("with %d nodes, CC_NODE_TIMEOUT_SEC=%d: killed node down after %s ms, wedged node after %s ms%n",
            MANY + 1, TIMEOUT_SEC, downAfterMs.get(victim.port()), downAfterMs.get(wedged.port()));
        assertThat(downAfterMs).containsKeys(wedged.port(), victim.port());
        // Allowing 0.5 s for this test's own polling of DescribeResources on a loaded machine.
        assertThat(downAfterMs.values()).allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(TIMEOUT_SEC * 1000L + 500));
        Map<Integer, String> after = states(client);
        after.remove(wedged.port());
        after.remove(victim.port());
        assertThat(after).hasSize(MANY - 1).allSatisfy((p, state) -> assertThat(state).isEqualTo("UP"));
      }
    } finally {
      if (!killed) {
        victim.close();
      }
    }
  }
}
