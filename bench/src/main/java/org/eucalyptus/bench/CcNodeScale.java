package org.eucalyptus.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.wsdl.cc.DescribeResources;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.types.NodeType;
import org.eucalyptus.wsdl.types.VirtualMachineType;

/**
 * What a cluster controller costs per node, at up to a thousand nodes on one machine: a few real
 * node controllers (libvirt test driver) each answer for many node addresses (127.x.y.z loopback
 * aliases), so the CC holds a long poll per node address as on a rack. Prints the CC's threads and
 * heap once every node is UP, and how long the nodes of a killed node controller take to go DOWN.
 * Usage: bench/cc-nodes [NODES] [NODE_CONTROLLERS]
 */
public final class CcNodeScale {
  private CcNodeScale() {}

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int ncCount = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path dir = Files.createTempDirectory("cc-nodes");
    List<NodeController> ncs = new ArrayList<>();
    for (int k = 0; k < ncCount; k++) {
      ncs.add(new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "0.0.0.0", "HYPERVISOR", "test",
          "INSTANCE_PATH", dir.resolve("nc" + k).toString(), "MAX_CORES", "32", "MAX_MEM", "65536",
          "MAX_DISK", "2000"))).start());
    }
    // Node i: node controller i % ncCount, at its own loopback address.
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      entries.add("127.1." + (i / 250) + "." + (i % 250 + 1) + ":" + ncs.get(i % ncCount).port());
    }
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    Set<String> poolsBefore = before.stream().map(t -> pool(t.getName())).collect(Collectors.toSet());
    long heapBefore = usedHeapAfterGc();
    long t0 = System.nanoTime();
    try (ClusterController cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
        "NODES", String.join(" ", entries), "CC_STATE_DIR", dir.resolve("cc").toString(),
        "CC_KEYS_DIR", dir.resolve("cc-keys").toString(), "CC_NODE_TIMEOUT_SEC", "10"))).start()) {
      EucalyptusCCPortType client = SoapClients.create(EucalyptusCCPortType.class,
          "http://127.0.0.1:" + cc.port() + ClusterController.PATH, Duration.ofSeconds(5), Duration.ofSeconds(60));
      while (count(states(client), "UP") < nodes) {
        Thread.sleep(200);
      }
      System.out.printf("%d nodes UP %.1f s after the CC started%n", nodes, (System.nanoTime() - t0) / 1e9);
      Thread.sleep(10_000); // several poll rounds
      List<String> ccThreads = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
          .map(Thread::getName).filter(n -> !n.startsWith("nc-") && !poolsBefore.contains(pool(n))).sorted().toList();
      System.out.printf("CC threads at %d nodes: %d %s%n", nodes, ccThreads.size(), ccThreads);
      System.out.printf("heap used after GC, CC and nodes' growth: +%d MiB (JVM total %d MiB)%n",
          (usedHeapAfterGc() - heapBefore) >> 20, usedHeapAfterGc() >> 20);
      long k0 = System.nanoTime();
      ncs.get(0).close();
      int killed = (nodes + ncCount - 1) / ncCount;
      while (count(states(client), "DOWN") < killed) {
        Thread.sleep(20);
      }
      System.out.printf("the %d nodes of a killed node controller DOWN after %d ms (CC_NODE_TIMEOUT_SEC=10)%n", killed,
          (System.nanoTime() - k0) / 1_000_000);
    } finally {
      for (int k = 1; k < ncs.size(); k++) {
        ncs.get(k).close();
      }
    }
    System.exit(0);
  }

  static String pool(String threadName) {
    int dash = threadName.lastIndexOf('-');
    return dash < 0 ? threadName : threadName.substring(0, dash);
  }

  static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static Map<String, String> states(EucalyptusCCPortType client) throws Exception {
    DescribeResources d = new DescribeResources();
    VirtualMachineType t = new VirtualMachineType();
    t.setName("m1.small");
    t.setCores(1);
    t.setMemory(128);
    t.setDisk(2);
    d.getInstanceTypes().add(t);
    Map<String, String> out = new HashMap<>();
    for (NodeType n : client.describeResources(d).getNodes()) {
      out.put(n.getServiceTag(), n.getState());
    }
    return out;
  }

  static long count(Map<String, String> states, String state) {
    return states.values().stream().filter(state::equals).count();
  }
}
