package org.eucalyptus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * bench/scale's harness end to end at a small count (kept small to stay within CI's budget; the
 * benchmark itself runs at hundreds and thousands): the node simulator with eight nodes and a cloud
 * on them as processes; every node registered (one RegisterNodes call) and enrolled, instances
 * placed and running, and nodes that die seen DOWN within the configured CC_NODE_TIMEOUT_SEC, both
 * those killed (their ports closed) and all eight silent at once (the simulator frozen, connections
 * left open).
 */
@IntegrationTest
class ScaleBenchTest {
  static final int NODES = 8;
  static final int NODE_TIMEOUT_SEC = 4;
  /** How late the harness may see a node DOWN: its own DescribeNodes reads through the CLC, every 100 ms. */
  static final double READING_SLACK_SEC = 1.0;

  @Test
  void eightSimulatedNodesEnrolRunInstancesAndTheirDeathIsSeenWithinTheTimeout() throws Exception {
    requireLibvirt();
    ScaleBench.Options o = ScaleBench.Options.parse(new String[] {"--nodes", "" + NODES, "--instances", "16",
        "--batch", "2", "--db", "h2", "--seconds", "1", "--probes", "20", "--kill", "2",
        "--node-timeout", "" + NODE_TIMEOUT_SEC}, Map.of("CLC_PORT", "" + freePort(), "CC_PORT", "" + freePort(),
        "NODE_ADDR", "127.0.0.1", "NODE_PORT", "0"));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ScaleBench bench = new ScaleBench(o, Path.of("..").toAbsolutePath().normalize(),
        new PrintStream(printed, true, StandardCharsets.UTF_8));
    ScaleBench.Figures f = bench.runOn("h2");
    bench.report(List.of(f));
    System.out.print(printed.toString(StandardCharsets.UTF_8));

    assertThat(f.enrolSec()).as("all nodes registered to enrolled, s").isPositive();
    assertThat(f.hundred()).isEqualTo(4);
    assertThat(f.hundredColdSec()).isPositive();
    assertThat(f.hundredSec()).isPositive();
    assertThat(f.burst()).isEqualTo(4);
    assertThat(f.placementsPerSec()).isPositive();
    // 4 in one request and 4 in the next, 4 in the burst: the ramp took the other 4, each one's latency measured.
    assertThat(f.ramped()).isEqualTo(4);
    assertThat(f.rampP99Ms()).isGreaterThanOrEqualTo(f.rampP50Ms()).isPositive();
    assertThat(f.inCloud()).isEqualTo(16);
    assertThat(f.listRate()).isPositive();
    assertThat(f.listRatePaused()).isPositive();
    assertThat(f.byIdP99Ms()).isPositive();
    assertThat(f.byIdP99PausedMs()).isPositive();
    assertThat(f.clc().heapBytes()).isPositive();
    assertThat(f.cc().threads()).isPositive();
    assertThat(f.cc().fds()).isPositive();
    // A dead node is seen DOWN within the configured timeout: killed ones, and every node at once gone silent.
    assertThat(f.stopped()).isEqualTo(2);
    assertThat(f.stoppedDownSec()).isLessThanOrEqualTo(NODE_TIMEOUT_SEC + READING_SLACK_SEC);
    assertThat(f.frozenDownSec()).isLessThanOrEqualTo(NODE_TIMEOUT_SEC + READING_SLACK_SEC);
    // The CC's own record of it (each node's stateSince, relayed by the CLC): no reading lag in it.
    assertThat(f.frozenDownCcSec()).isPositive().isLessThanOrEqualTo(f.frozenDownSec())
        .isLessThanOrEqualTo(NODE_TIMEOUT_SEC + 0.5);
    assertThat(f.frozenBackSec()).isPositive();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("placements/s", "MET");
  }

  @Test
  void aBadCommandLineIsRefusedWithASentence() {
    assertThatThrownBy(() -> ScaleBench.Options.parse(new String[] {"--db", "mysql"}, Map.of()))
        .hasMessage("--db is h2, postgresql or both, not mysql");
    assertThatThrownBy(() -> ScaleBench.Options.parse(new String[] {"--nodez", "3"}, Map.of()))
        .hasMessageStartingWith("unknown option --nodez");
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void requireLibvirt() {
    try {
      new org.libvirt.Connect("test:///default", false).close();
    } catch (Throwable e) {
      String why = "libvirt is not usable here (" + e + "); apt-get install libvirt0";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
  }
}
