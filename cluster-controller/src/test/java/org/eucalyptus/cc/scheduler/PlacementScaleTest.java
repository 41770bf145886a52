package org.eucalyptus.cc.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.cc.nodes.Node;
import org.eucalyptus.cc.nodes.TestNodes;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/**
 * Placement at a thousand nodes already running ten thousand instances: at least 1,000 instances
 * placed per second of CPU, one launch at a time (each a reservation and its settling, as RunInstances
 * does), under every policy.
 */
@UnitTest
class PlacementScaleTest {
  static final int NODES = 1000;
  static final int RUNNING = 10_000;
  static final int PLACED = 3000;

  static double placementsPerSecond(SchedulingPolicy policy) {
    InstanceCache cache = new InstanceCache(Clock.systemUTC(), Duration.ofSeconds(30));
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      nodes.add(TestNodes.up(i, 32, 65536, 2000));
    }
    Placement p = new Placement(nodes, cache, policy);
    int id = 0;
    for (Placement.Reservation r : p.reserve(PlacementTest.SMALL, RUNNING, RUNNING)) {
      p.settle(r, PlacementTest.launched(r, String.format("i-%08X", id++)), cache::put);
    }
    assertThat(cache.snapshot(List.of())).hasSize(RUNNING);
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    long cpu0 = cpu.getCurrentThreadCpuTime();
    for (int k = 0; k < PLACED; k++) {
      List<Placement.Reservation> made = p.reserve(PlacementTest.SMALL, 1, 1);
      assertThat(made).hasSize(1);
      p.settle(made.get(0), PlacementTest.launched(made.get(0), String.format("i-%08X", id++)), cache::put);
    }
    // Per second of this thread's CPU: the machine running the tests is shared, and a wall clock would
    // measure the other processes on it as much as the placement.
    double perCpuSecond = PLACED / ((cpu.getCurrentThreadCpuTime() - cpu0) / 1e9);
    double perSecond = PLACED / ((System.nanoTime() - t0) / 1e9);
    System.out.printf("%s: %.0f instances placed per CPU second (%.0f per wall-clock second) with %d nodes and %d"
        + " instances%n", policy.getClass().getSimpleName(), perCpuSecond, perSecond, NODES, RUNNING);
    return perCpuSecond;
  }

  @Test
  void aThousandPlacementsPerSecondAtAThousandNodes() {
    for (SchedulingPolicy policy : List.of(new RoundRobinPolicy(), new GreedyPolicy(), new PowerSavePolicy())) {
      placementsPerSecond(policy); // warm-up: the JIT, not the placement, would be measured first
      assertThat(placementsPerSecond(policy)).as(policy.getClass().getSimpleName()).isGreaterThanOrEqualTo(1000);
    }
  }
}
