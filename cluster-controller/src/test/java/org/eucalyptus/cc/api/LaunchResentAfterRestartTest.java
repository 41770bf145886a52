package org.eucalyptus.cc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.wsdl.cc.DescribeResources;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.cc.RunInstances;
import org.eucalyptus.wsdl.cc.TerminateInstances;
import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.VirtualMachineType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launch the cloud controller sends again to a cluster controller that has just restarted (the
 * first one died after starting the instances, before it answered): the new one must not start
 * second copies on other nodes before it has heard what its nodes run.
 */
@IntegrationTest
class LaunchResentAfterRestartTest {
  @TempDir Path tmp;
  NodeController nc1;
  NodeController nc2;
  ClusterController cc;

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {cc, nc2, nc1}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
  }

  NodeController node(String name) throws Exception {
    return new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", tmp.resolve(name).toString(), "MAX_CORES", "2", "MAX_MEM", "4096", "MAX_DISK", "100")))
        .start();
  }

  ClusterController cluster(int port1, int port2) throws Exception {
    return new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
        "SCHEDPOLICY", "ROUNDROBIN", "NODES", "127.0.0.1:" + port1 + " 127.0.0.1:" + port2))).start();
  }

  EucalyptusCCPortType client() {
    return SoapClients.create(EucalyptusCCPortType.class, "http://127.0.0.1:" + cc.port() + ClusterController.PATH,
        Duration.ofSeconds(2), Duration.ofSeconds(30));
  }

  static RunInstances run(List<String> ids) {
    RunInstances r = new RunInstances();
    r.setImageId("emi-00000001");
    r.setReservationId("r-00000001");
    VirtualMachineType t = new VirtualMachineType();
    t.setName("m1.small");
    t.setCores(1);
    t.setMemory(128);
    t.setDisk(2);
    r.setInstanceType(t);
    r.setMinCount(ids.size());
    r.setMaxCount(ids.size());
    r.getInstanceIds().addAll(ids);
    r.setAccountId("123456789012");
    return r;
  }

  int freeCores(EucalyptusCCPortType client) throws Exception {
    DescribeResources d = new DescribeResources();
    d.getInstanceTypes().add(run(List.of("i-00000000")).getInstanceType());
    return client.describeResources(d).getResources().get(0).getAvailableInstances();
  }

  @Test
  void aLaunchSentAgainRightAfterARestartFindsWhatTheNodesRun() throws Exception {
    try {
      new org.libvirt.Connect("test:///default", false).close();
    } catch (Throwable e) {
      String why = "libvirt is not usable here (" + e + "); apt-get install libvirt0";
      if ("true".equals(System.getenv("CI"))) {
        org.junit.jupiter.api.Assertions.fail(why);
      }
      org.junit.jupiter.api.Assumptions.abort(why);
    }
    nc1 = node("nc1");
    nc2 = node("nc2");
    cc = cluster(nc1.port(), nc2.port());
    EucalyptusCCPortType client = client();
    EndToEnd.await(() -> freeCores(client) == 4);
    List<CcInstanceType> first = client.runInstances(run(List.of("i-0000a001", "i-0000a002"))).getInstances();
    assertThat(first).extracting(CcInstanceType::getServiceTag).doesNotHaveDuplicates();

    // A new cluster controller over the same nodes gets the same launch at once, its ids in the
    // other order (round robin would put each on the other node). The nodes' first reports of
    // their instances reach it late (they are slow, or far).
    cc.close();
    try (SlowAnswers slow1 = new SlowAnswers(nc1.port(), "ncDescribeInstances", 6_000);
        SlowAnswers slow2 = new SlowAnswers(nc2.port(), "ncDescribeInstances", 6_000)) {
      cc = cluster(slow1.port(), slow2.port());
      // The nodes' service tags name the relays' ports now.
      resendAndCheck(first, Map.of(":" + nc1.port() + "/", ":" + slow1.port() + "/",
          ":" + nc2.port() + "/", ":" + slow2.port() + "/"));
    }
  }

  private void resendAndCheck(List<CcInstanceType> first, Map<String, String> relayed) throws Exception {
    EucalyptusCCPortType restarted = client();
    List<CcInstanceType> again = restarted.runInstances(run(List.of("i-0000a002", "i-0000a001"))).getInstances();
    assertThat(again).extracting(CcInstanceType::getInstanceId).containsExactly("i-0000a002", "i-0000a001");
    for (CcInstanceType i : again) {
      String was = first.stream().filter(f -> f.getInstanceId().equals(i.getInstanceId())).findFirst().orElseThrow()
          .getServiceTag();
      for (var e : relayed.entrySet()) {
        was = was.replace(e.getKey(), e.getValue());
      }
      assertThat(i.getServiceTag()).as("node of " + i.getInstanceId()).isEqualTo(was);
    }
    // Two instances on four cores: two left, so no second copy runs anywhere.
    EndToEnd.await(() -> freeCores(restarted) == 2);
    Thread.sleep(500);
    assertThat(freeCores(restarted)).isEqualTo(2);
    TerminateInstances t = new TerminateInstances();
    t.getInstanceIds().addAll(List.of("i-0000a001", "i-0000a002"));
    restarted.terminateInstances(t);
  }

  /** A TCP relay that holds back, once per connection, the answer to a request carrying a marker. */
  static final class SlowAnswers implements AutoCloseable {
    private final java.net.ServerSocket listener = new java.net.ServerSocket(0, 50,
        java.net.InetAddress.getLoopbackAddress());
    private final List<java.net.Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();

    SlowAnswers(int target, String marker, long delayMs) throws java.io.IOException {
      Thread t = new Thread(() -> {
        while (!listener.isClosed()) {
          try {
            java.net.Socket a = listener.accept();
            java.net.Socket b = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), target);
            open.add(a);
            open.add(b);
            java.util.concurrent.atomic.AtomicBoolean marked = new java.util.concurrent.atomic.AtomicBoolean();
            relay(a, b, chunk -> marked.compareAndSet(false, chunk.contains(marker)));
            relay(b, a, chunk -> {
              if (marked.getAndSet(false)) {
                sleep(delayMs);
              }
            });
          } catch (java.io.IOException e) {
            return;
          }
        }
      }, "slow-answers");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    private static void relay(java.net.Socket from, java.net.Socket to, java.util.function.Consumer<String> seen) {
      Thread t = new Thread(() -> {
        byte[] buf = new byte[65536];
        try (var in = from.getInputStream(); var out = to.getOutputStream()) {
          for (int n; (n = in.read(buf)) > 0; ) {
            seen.accept(new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(buf, 0, n);
            out.flush();
          }
        } catch (java.io.IOException e) {
          // one side closed
        }
      }, "slow-answers-relay");
      t.setDaemon(true);
      t.start();
    }

    private static void sleep(long ms) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() throws java.io.IOException {
      listener.close();
      for (java.net.Socket s : open) {
        s.close();
      }
    }
  }

  /** Polls a condition for up to 20 s. */
  static final class EndToEnd {
    interface Check {
      boolean ok() throws Exception;
    }

    static void await(Check c) throws Exception {
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!c.ok()) {
        assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
        Thread.sleep(50);
      }
    }
  }
}
