package org.eucalyptus.cc.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eucalyptus.cc.instances.CcInstance;
import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.cc.nodes.Node;
import org.eucalyptus.cc.nodes.TestNodes;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class PlacementTest {
  static final VmShape SMALL = new VmShape("m1.small", 1, 128, 2);

  final InstanceCache cache = new InstanceCache(Clock.systemUTC(), Duration.ofSeconds(30));

  static List<Node> nodes(int n, int cores) {
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestNodes.up(i, cores, 4096, 100));
    }
    return out;
  }

  static CcInstance launched(Placement.Reservation r, String id) {
    return new CcInstance(id, id, "r-1", "emi-1", null, null,
        new CcInstance.Machine(r.vm().name(), r.vm().memoryMb(), r.vm().cores(), r.vm().diskGb(), List.of()), null,
        null, "Pending", null, null, null, null, r.node().serviceTag(), null, null, null, List.of());
  }

  static int free(Placement p) {
    return p.views().stream().mapToInt(v -> v.up() ? SMALL.fitsIn(v.freeCores(), v.freeMemoryMb(), v.freeDiskGb()) : 0)
        .sum();
  }

  @Test
  void reservesAsManyAsFitAndNoMore() {
    Placement p = new Placement(nodes(2, 4), cache, new RoundRobinPolicy());
    assertThat(p.reserve(SMALL, 1, 10)).hasSize(8);
    assertThat(p.reserve(SMALL, 1, 1)).isEmpty();
    assertThat(free(p)).isZero();
  }

  @Test
  void belowMinCountNothingIsHeld() {
    Placement p = new Placement(nodes(2, 4), cache, new GreedyPolicy());
    assertThat(p.reserve(SMALL, 9, 9)).isEmpty();
    assertThat(free(p)).isEqualTo(8);
  }

  @Test
  void aLaunchedInstanceKeepsItsRoomAndAFailedOneGivesItBack() {
    Placement p = new Placement(nodes(1, 2), cache, new GreedyPolicy());
    List<Placement.Reservation> rs = p.reserve(SMALL, 2, 2);
    p.settle(rs.get(0), launched(rs.get(0), "i-1"), cache::put);
    p.settle(rs.get(1), null, cache::put);
    assertThat(free(p)).isEqualTo(1);
    cache.markTeardown("i-1", "terminated");
    assertThat(free(p)).isEqualTo(2);
  }

  /**
   * A node's report of a new instance may come before its launch settles here (the node's long poll
   * wakes as it admits the instance, and its answer to the launch call may be read after): the
   * instance's room is counted once, not as both the node's use and a reservation, or concurrent
   * launches are refused room that is free.
   */
  @Test
  void anInstanceItsNodeReportedBeforeItsLaunchSettledIsCountedOnce() {
    List<Node> nodes = nodes(1, 4);
    Placement p = new Placement(nodes, cache, new GreedyPolicy());
    List<Placement.Reservation> rs = p.reserve(SMALL, 2, List.of("i-00000001", "i-00000002"));
    assertThat(rs).extracting(Placement.Reservation::instanceId).containsExactly("i-00000001", "i-00000002");
    assertThat(free(p)).isEqualTo(2);
    cache.applyNodeReport(nodes.get(0).serviceTag(), List.of(launched(rs.get(0), "i-00000001"),
        launched(rs.get(1), "i-00000002")));
    assertThat(free(p)).as("free while both launches are still to settle").isEqualTo(2);
    assertThat(p.reserve(SMALL, 2, List.of("i-00000003", "i-00000004"))).hasSize(2);
    p.settle(rs.get(0), launched(rs.get(0), "i-00000001"), cache::put);
    p.settle(rs.get(1), launched(rs.get(1), "i-00000002"), cache::put);
    assertThat(free(p)).isZero();
  }

  @Test
  void downNodesGetNothing() {
    List<Node> nodes = nodes(2, 4);
    TestNodes.down(nodes.get(0));
    Placement p = new Placement(nodes, cache, new RoundRobinPolicy());
    List<Placement.Reservation> rs = p.reserve(SMALL, 1, 8);
    assertThat(rs).hasSize(4).allMatch(r -> r.node() == nodes.get(1));
  }

  @Test
  void concurrentPlacementNeverExceedsCapacity() throws Exception {
    List<Node> nodes = nodes(3, 4);
    Placement p = new Placement(nodes, cache, new RoundRobinPolicy());
    ConcurrentLinkedQueue<Placement.Reservation> held = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    for (int t = 0; t < 64; t++) {
      int n = 1 + t % 3;
      int id = t;
      pool.submit(() -> {
        go.await();
        List<Placement.Reservation> rs = p.reserve(SMALL, n, n);
        for (int k = 0; k < rs.size(); k++) {
          // Half settle into the cache as launched, half stay in flight: both must count.
          if (k % 2 == 0) {
            p.settle(rs.get(k), launched(rs.get(k), "i-" + id + "-" + k), cache::put);
          }
          held.add(rs.get(k));
        }
        return null;
      });
    }
    go.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(held.size()).isLessThanOrEqualTo(12);
    for (Node n : nodes) {
      assertThat(held.stream().filter(r -> r.node() == n).count()).isLessThanOrEqualTo(4);
    }
    assertThat(p.views()).allMatch(v -> v.freeCores() >= 0);
    // Whatever gaps the all-or-nothing requests left, single ones fill the cluster exactly.
    held.addAll(p.reserve(SMALL, 1, 12));
    assertThat(held).hasSize(12);
  }
}
