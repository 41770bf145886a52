package org.eucalyptus.cc.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.NonBlockingCalls;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.common.soap.security.WsSecurity;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.Await;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.types.NetConfigType;
import org.eucalyptus.wsdl.types.VirtualMachineType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node is down within CC_NODE_TIMEOUT_SEC of its last answer, even when the cluster controller
 * was slow to send the next call after it (with many nodes, answers wait their turn on the few
 * shared threads): the time is the node's, counted from its answer, not from the next call.
 */
@IntegrationTest
class NodeMonitorTest {
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  /** How long the cluster controller takes between the node's answer and its next call. */
  static final long BUSY_MS = 1500;

  @TempDir Path tmp;

  /**
   * The describe long poll alone follows a node: its answers carry the node's size, so no
   * ncDescribeResource goes out each period (at a thousand nodes that second call per node and
   * period was half of what the cluster controller and the nodes spent on signed messages).
   */
  @Test
  void aNodeIsFollowedByItsLongPollAlone() throws Exception {
    try (NodeController nc = startNode();
        FreezableRelay relay = new FreezableRelay(nc.port());
        NonBlockingCalls calls = new NonBlockingCalls("test", 2, Duration.ofSeconds(2))) {
      Node node = behind(relay);
      EucalyptusNCPortType client = client(calls, node);
      Duration resourcePeriod = Duration.ofMillis(200);
      try (NodeMonitor monitor = new NodeMonitor(node, client, calls, new InstanceCache(Clock.systemUTC(),
          Duration.ofMinutes(1)), resourcePeriod, TIMEOUT, () -> { })) {
        monitor.start();
        Await.until("the node is up", Duration.ofSeconds(10), node::up);
        Thread.sleep(resourcePeriod.multipliedBy(10).toMillis());
        assertThat(node.up()).isTrue();
        assertThat(new int[] {node.coresMax(), node.memoryMax(), node.diskMax()}).containsExactly(4, 4096, 100);
        // Each poll waits half the node timeout (1 s) at the node: some 3 in the 2 s, and no resource call.
        System.out.printf("over %d ms: %d ncDescribeInstances, %d ncDescribeResource%n",
            resourcePeriod.multipliedBy(10).toMillis(), relay.requests("ncDescribeInstances"),
            relay.requests("ncDescribeResource"));
        assertThat(relay.requests("ncDescribeResource")).isZero();
        assertThat(relay.requests("ncDescribeInstances")).isBetween(1, 5);
      }
    }
  }

  /**
   * An idle node's polls say it is unchanged and leave its list out (at ten instances a node, the
   * list was most of what following an idle node wrote and read), while the cluster controller
   * keeps the list it has: the node's instances stay in the cache, not taken as vanished.
   */
  @Test
  void anIdleNodesAnswersLeaveItsListOutAndItsInstancesStay() throws Exception {
    try (NodeController nc = startNode();
        FreezableRelay relay = new FreezableRelay(nc.port());
        NonBlockingCalls calls = new NonBlockingCalls("test", 2, Duration.ofSeconds(2))) {
      EucalyptusNCPortType direct = SoapClients.create(EucalyptusNCPortType.class,
          "http://127.0.0.1:" + nc.port() + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2), Duration.ofSeconds(30));
      for (String id : List.of("i-0A0B0C01", "i-0A0B0C02")) {
        direct.ncRunInstance(launch(id));
      }
      Await.until("both instances run", Duration.ofSeconds(10), () -> running(direct) == 2);
      Node node = behind(relay);
      InstanceCache cache = new InstanceCache(Clock.systemUTC(), Duration.ofMillis(100));
      try (NodeMonitor monitor = new NodeMonitor(node, client(calls, node), calls, cache, Duration.ofSeconds(30),
          TIMEOUT, () -> { })) {
        monitor.start();
        Await.until("both instances in the cache", Duration.ofSeconds(10), () -> cache.liveOn(node.serviceTag()).size() == 2);
        // Each poll waits half the timeout at the node: an answer a second.
        Await.until("two answers said unchanged", Duration.ofSeconds(15), () -> relay.answered("unchanged", "true") >= 2);
        Thread.sleep(200); // past the cache's vanish grace: an entry taken as gone would be Teardown now
        System.out.printf("%d ncDescribeInstances: %d answers said unchanged, i-0A0B0C01 listed %d times%n",
            relay.requests("ncDescribeInstances"), relay.answered("unchanged", "true"),
            relay.answered("instanceId", "i-0A0B0C01"));
        assertThat(relay.answered("unchanged", "true")).isGreaterThanOrEqualTo(2);
        assertThat(relay.answered("instanceId", "i-0A0B0C01")).isEqualTo(1); // the first answer alone
        assertThat(cache.liveOn(node.serviceTag())).extracting(org.eucalyptus.cc.instances.CcInstance::stateName)
            .containsExactly("Extant", "Extant");
      }
    }
  }

  private static long running(EucalyptusNCPortType nc) {
    try {
      return nc.ncDescribeInstances(new NcDescribeInstances()).getInstances().stream()
          .filter(i -> "Extant".equals(i.getStateName())).count();
    } catch (org.eucalyptus.wsdl.types.EucalyptusFault_Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static NcRunInstance launch(String id) {
    NcRunInstance r = new NcRunInstance();
    r.setInstanceId(id);
    r.setReservationId("r-0A0B0C01");
    r.setImageId("emi-00000001");
    r.setAccountId("123456789012");
    VirtualMachineType t = new VirtualMachineType();
    t.setName("m1.test");
    t.setCores(1);
    t.setMemory(256);
    t.setDisk(1);
    r.setInstanceType(t);
    NetConfigType net = new NetConfigType();
    net.setPrivateMacAddress("d0:0d:0a:0b:0c:" + id.substring(id.length() - 2));
    r.setNetParams(net);
    return r;
  }

  /** A signing client adopted by {@code calls}, as the cluster controller's monitors share one (each call names its node). */
  private static EucalyptusNCPortType client(NonBlockingCalls calls, Node node) {
    return calls.adopt(WsSecurity.signing(SoapClients.create(EucalyptusNCPortType.class, node.serviceTag(),
        Duration.ofSeconds(2), Duration.ofSeconds(60)), Optional::empty));
  }

  private static Node behind(FreezableRelay relay) {
    return new Node(0, "http://127.0.0.1:" + relay.port() + "/axis2/services/EucalyptusNC", null);
  }

  /**
   * The monitor's onChange: the first change is the node coming up, heard from its answer; at that
   * moment the node wedges (its relay frozen) and the monitor's thread is kept busy for {@code busyMs}.
   * Later, when and whether the monitor marked the node down.
   */
  private static final class WedgeAtFirstAnswer implements Runnable {
    final AtomicLong answeredAt = new AtomicLong();
    final java.util.concurrent.atomic.AtomicReference<java.time.Instant> answeredInstant =
        new java.util.concurrent.atomic.AtomicReference<>();
    final AtomicLong markedDownAt = new AtomicLong();
    private final AtomicInteger changes = new AtomicInteger();
    private final Node node;
    private final FreezableRelay relay;
    private final long busyMs;

    WedgeAtFirstAnswer(Node node, FreezableRelay relay, long busyMs) {
      this.node = node;
      this.relay = relay;
      this.busyMs = busyMs;
    }

    @Override
    public void run() {
      if (changes.incrementAndGet() == 1) {
        answeredAt.set(System.nanoTime());
        answeredInstant.set(java.time.Instant.now());
        relay.freeze();
        try {
          Thread.sleep(busyMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else if (!node.up()) {
        markedDownAt.compareAndSet(0, System.nanoTime());
      }
    }
  }

  private NodeController startNode() throws Exception {
    try {
      new org.libvirt.Connect("test:///default", false).close();
    } catch (Throwable e) {
      HostParts.skip("libvirt is not usable here (" + e + "); apt-get install libvirt0");
    }
    return new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1",
        "HYPERVISOR", "test", "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "4", "MAX_MEM", "4096",
        "MAX_DISK", "100"))).start();
  }

  @Test
  void aNodeWedgedJustAfterAnAnswerIsDownWithinTheTimeoutOfThatAnswer() throws Exception {
    try (NodeController nc = startNode();
        FreezableRelay relay = new FreezableRelay(nc.port());
        NonBlockingCalls calls = new NonBlockingCalls("test", 2, Duration.ofSeconds(2))) {
      Node node = behind(relay);
      EucalyptusNCPortType client = client(calls, node);
      // The cluster controller is busy for a while after the answer before it sends its next call.
      WedgeAtFirstAnswer onChange = new WedgeAtFirstAnswer(node, relay, BUSY_MS);
      try (NodeMonitor monitor = new NodeMonitor(node, client, calls, new InstanceCache(Clock.systemUTC(),
          Duration.ofMinutes(1)), Duration.ofSeconds(30), TIMEOUT, onChange)) {
        monitor.start();
        Await.until("the node is down", TIMEOUT.multipliedBy(3), () -> onChange.markedDownAt.get() != 0);
        long afterAnswerMs = (onChange.markedDownAt.get() - onChange.answeredAt.get()) / 1_000_000;
        System.out.printf("CC_NODE_TIMEOUT_SEC=%d, next call %d ms after the answer: down %d ms after the answer%n",
            TIMEOUT.toSeconds(), BUSY_MS, afterAnswerMs);
        // Counted from the call instead, it would be down after BUSY_MS + the timeout (3.5 s); the
        // margin is for a loaded machine's scheduling.
        assertThat(afterAnswerMs).isBetween(TIMEOUT.toMillis() - 50, TIMEOUT.toMillis() + 800);
      }
    }
  }

  /**
   * With the cluster controller's shared threads all busy when a node's time runs out (a thousand
   * nodes' answers to sign and read), the node is down at that moment for placement and
   * DescribeNodes, counted from its answer's arrival, not when a thread gets to its failed call.
   */
  @Test
  void aNodeIsDownWhenItsTimeRunsOutEvenWhileItsMonitorWaitsForAThread() throws Exception {
    long busyMs = TIMEOUT.toMillis() + 1500;
    try (NodeController nc = startNode();
        FreezableRelay relay = new FreezableRelay(nc.port());
        NonBlockingCalls calls = new NonBlockingCalls("test", 1, Duration.ofSeconds(2))) {
      Node node = behind(relay);
      EucalyptusNCPortType client = client(calls, node);
      // The only shared thread stays busy past the node's time, on the very answer that brought it up.
      WedgeAtFirstAnswer onChange = new WedgeAtFirstAnswer(node, relay, busyMs);
      try (NodeMonitor monitor = new NodeMonitor(node, client, calls, new InstanceCache(Clock.systemUTC(),
          Duration.ofMinutes(1)), Duration.ofSeconds(30), TIMEOUT, onChange)) {
        monitor.start();
        AtomicLong answeredAt = onChange.answeredAt;
        Await.until("the node is up", Duration.ofSeconds(10), () -> answeredAt.get() != 0);
        long downAt = 0;
        long lookUntil = answeredAt.get() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(busyMs + 2000);
        while (downAt == 0 && System.nanoTime() - lookUntil < 0) {
          if (!node.up()) {
            downAt = System.nanoTime();
          }
          Thread.sleep(5);
        }
        long afterAnswerMs = (downAt - answeredAt.get()) / 1_000_000;
        java.time.Instant since = node.stateSince().orElseThrow();
        long sinceAfterAnswerMs = Duration.between(onChange.answeredInstant.get(), since).toMillis();
        System.out.printf("CC_NODE_TIMEOUT_SEC=%d, the shared thread busy %d ms from the answer: down %d ms after it"
            + " (stateSince %d ms after it)%n", TIMEOUT.toSeconds(), busyMs, afterAnswerMs, sinceAfterAnswerMs);
        assertThat(downAt).as("the node went down").isNotZero();
        // Counted from when the busy thread got to it, it would be down after busyMs (3.5 s).
        assertThat(afterAnswerMs).isBetween(TIMEOUT.toMillis() - 300, TIMEOUT.toMillis() + 300);
        assertThat(sinceAfterAnswerMs).isBetween(TIMEOUT.toMillis() - 300, TIMEOUT.toMillis() + 50);
        Await.until("the monitor, its thread free again, marks it down", Duration.ofSeconds(10),
            () -> onChange.markedDownAt.get() != 0);
        assertThat(node.up()).isFalse();
        assertThat(Duration.between(onChange.answeredInstant.get(), node.stateSince().orElseThrow()).toMillis())
            .as("marked down later, it stays down from when its time ran out").isBetween(sinceAfterAnswerMs - 5,
                sinceAfterAnswerMs + 5);
      }
    }
  }
}
