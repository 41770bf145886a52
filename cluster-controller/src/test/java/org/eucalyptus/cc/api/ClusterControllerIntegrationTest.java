package org.eucalyptus.cc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.wsdl.cc.AttachVolume;
import org.eucalyptus.wsdl.cc.DetachVolume;
import org.eucalyptus.wsdl.cc.DescribeInstances;
import org.eucalyptus.wsdl.cc.DescribeInstancesResponse;
import org.eucalyptus.wsdl.cc.DescribeResources;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.cc.RunInstances;
import org.eucalyptus.wsdl.cc.TerminateInstances;
import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.eucalyptus.wsdl.types.VirtualMachineType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster controller over two real node controllers (libvirt test driver), all over SOAP. */
@IntegrationTest
class ClusterControllerIntegrationTest {
  @TempDir static Path tmp;
  static NodeController nc1;
  static NodeController nc2;
  static ClusterController cc;
  static EucalyptusCCPortType client;
  static int next = 0x100;

  @BeforeAll
  static void start() throws Exception {
    try {
      new org.libvirt.Connect("test:///default", false).close();
    } catch (Throwable e) {
      String why = "libvirt is not usable here (" + e + "); apt-get install libvirt0";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    nc1 = node("nc1");
    nc2 = node("nc2");
    cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
        "SCHEDPOLICY", "ROUNDROBIN", "NODES", "127.0.0.1:" + nc1.port() + " 127.0.0.1:" + nc2.port()))).start();
    client = SoapClients.create(EucalyptusCCPortType.class,
        "http://127.0.0.1:" + cc.port() + ClusterController.PATH, Duration.ofSeconds(2), Duration.ofSeconds(30));
    // Wait until both nodes have reported their size.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (available(small()) < 8) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  static NodeController node(String name) throws Exception {
    return new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", tmp.resolve(name).toString(), "MAX_CORES", "4", "MAX_MEM", "4096", "MAX_DISK", "100")))
        .start();
  }

  @AfterAll
  static void stop() {
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

  static VirtualMachineType small() {
    VirtualMachineType t = new VirtualMachineType();
    t.setName("m1.small");
    t.setCores(1);
    t.setMemory(128);
    t.setDisk(2);
    return t;
  }

  static int available(VirtualMachineType t) throws Exception {
    DescribeResources d = new DescribeResources();
    d.getInstanceTypes().add(t);
    return client.describeResources(d).getResources().get(0).getAvailableInstances();
  }

  static synchronized List<String> newIds(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("i-%08X", next++));
    }
    return ids;
  }

  static RunInstances run(List<String> ids, int min) {
    RunInstances r = new RunInstances();
    r.setImageId("emi-00000001");
    r.setReservationId("r-00000001");
    r.setInstanceType(small());
    r.setMinCount(min);
    r.setMaxCount(ids.size());
    r.getInstanceIds().addAll(ids);
    r.setAccountId("123456789012");
    return r;
  }

  static void terminate(List<String> ids) throws Exception {
    TerminateInstances t = new TerminateInstances();
    t.getInstanceIds().addAll(ids);
    client.terminateInstances(t);
  }

  /**
   * A launch its node refuses ends Teardown in the node's own words, its place given back: the call
   * to the node holds no thread, and its fault comes back as that call's answer.
   */
  @Test
  void aLaunchItsNodeRefusesEndsInTheNodesWords() throws Exception {
    int before = available(small());
    RunInstances req = run(newIds(1), 1);
    req.setReservationId(null); // the cluster controller passes it on; the node requires one
    List<CcInstanceType> got = client.runInstances(req).getInstances();
    assertThat(got).singleElement().satisfies(i -> {
      assertThat(i.getStateName()).isEqualTo("Teardown");
      assertThat(i.getStateReason()).isEqualTo("failed to start on " + i.getServiceTag() + ": reservationId is required");
    });
    assertThat(available(small())).isEqualTo(before);
  }

  @Test
  void runSpreadsReportsExtantQuicklyAndTerminates() throws Exception {
    long v0 = client.describeInstances(new DescribeInstances()).getVersion();
    List<String> ids = newIds(3);
    long t0 = System.nanoTime();
    RunInstances req = run(ids, 3);
    req.getNetNames().add("123456789012-default");
    List<CcInstanceType> started = client.runInstances(req).getInstances();
    assertThat(started).extracting(CcInstanceType::getInstanceId).containsExactlyElementsOf(ids);
    assertThat(started).extracting(CcInstanceType::getLaunchIndex).containsExactly("0", "1", "2");
    assertThat(started).allMatch(i -> i.getGroupNames().equals(List.of("123456789012-default")));
    Set<String> nodes = started.stream().map(CcInstanceType::getServiceTag).collect(Collectors.toSet());
    assertThat(nodes).hasSize(2); // round robin over both nodes

    long since = v0;
    while (true) {
      DescribeInstances d = new DescribeInstances();
      d.setSinceVersion(since);
      d.setWaitMillis(5000);
      d.getInstanceIds().addAll(ids);
      DescribeInstancesResponse r = client.describeInstances(d);
      since = r.getVersion();
      if (r.getInstances().stream().allMatch(i -> i.getStateName().equals("Extant"))) {
        break;
      }
      assertThat(System.nanoTime() - t0).isLessThan(10_000_000_000L);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ms).as("RunInstances to Extant through a long poll").isLessThan(1000);
    assertThat(available(small())).isEqualTo(5);

    TerminateInstances t = new TerminateInstances();
    t.getInstanceIds().addAll(ids);
    t.getInstanceIds().add("i-DEADBEEF");
    assertThat(client.terminateInstances(t).getIsTerminated()).containsExactly(true, true, true, false);
    DescribeInstances d = new DescribeInstances();
    d.getInstanceIds().addAll(ids);
    assertThat(client.describeInstances(d).getInstances()).allMatch(i -> i.getStateName().equals("Teardown"));
    assertThat(available(small())).isEqualTo(8);
  }

  /**
   * A changes-only poll answers what changed since the poller's version, not every instance; a
   * version the cluster controller never gave out gets the whole list, marked complete.
   */
  @Test
  void aChangesOnlyPollAnswersTheChangesSinceTheVersionGiven() throws Exception {
    List<String> first = newIds(2);
    List<String> second = newIds(1);
    try {
      changesOnly(first, second);
    } finally {
      terminate(first);
      terminate(second);
    }
  }

  private static void changesOnly(List<String> first, List<String> second) throws Exception {
    client.runInstances(run(first, 2));
    DescribeInstancesResponse whole;
    long t1 = System.nanoTime();
    do { // until the first ones run: they change no more
      whole = client.describeInstances(new DescribeInstances());
      assertThat(System.nanoTime() - t1).isLessThan(10_000_000_000L);
    } while (!whole.getInstances().stream().filter(i -> first.contains(i.getInstanceId()))
        .allMatch(i -> "Extant".equals(i.getStateName())));
    assertThat(whole.isComplete()).isTrue();
    assertThat(whole.getInstances()).extracting(CcInstanceType::getInstanceId).containsAll(first);
    long since = whole.getVersion();
    client.runInstances(run(second, 1));
    java.util.Set<String> seen = new java.util.HashSet<>();
    long t0 = System.nanoTime();
    while (!seen.containsAll(second)) {
      DescribeInstances d = new DescribeInstances();
      d.setSinceVersion(since);
      d.setWaitMillis(2000);
      d.setChangesOnly(true);
      DescribeInstancesResponse r = client.describeInstances(d);
      assertThat(r.isComplete()).isFalse();
      assertThat(r.getInstances()).extracting(CcInstanceType::getInstanceId).as("only what changed since %d", since)
          .doesNotContainAnyElementsOf(first);
      r.getInstances().forEach(i -> seen.add(i.getInstanceId()));
      since = r.getVersion();
      assertThat(System.nanoTime() - t0).isLessThan(10_000_000_000L);
    }
    DescribeInstances fromElsewhere = new DescribeInstances();
    fromElsewhere.setSinceVersion(1L); // a version of no run of this cluster controller
    fromElsewhere.setChangesOnly(true);
    DescribeInstancesResponse all = client.describeInstances(fromElsewhere);
    assertThat(all.isComplete()).isTrue();
    assertThat(all.getInstances()).extracting(CcInstanceType::getInstanceId).containsAll(first).containsAll(second);
  }

  /**
   * Asked brief (as the cloud controller's sync and launches ask), each instance comes without what
   * its launch gave and the caller keeps: no boot records (its type's name and size stay) and no user data.
   */
  @Test
  void aBriefDescribeLeavesOutTheLaunchsBootRecordsAndUserData() throws Exception {
    List<String> ids = newIds(1);
    RunInstances req = run(ids, 1);
    org.eucalyptus.wsdl.types.VirtualBootRecordType eph = new org.eucalyptus.wsdl.types.VirtualBootRecordType();
    eph.setResourceLocation("none");
    eph.setGuestDeviceName("sdb");
    eph.setSize(1024L * 1024);
    eph.setFormat("ext3");
    eph.setId("none");
    eph.setType("ephemeral");
    req.getInstanceType().getVirtualBootRecord().add(eph);
    req.setUserData("dXNlciBkYXRh");
    req.setBrief(true); // RunInstances' answer likewise
    try {
      CcInstanceType answered = client.runInstances(req).getInstances().get(0);
      assertThat(answered.getInstanceType().getVirtualBootRecord()).isEmpty();
      assertThat(answered.getUserData()).isNull();
      assertThat(answered.getServiceTag()).isNotNull();
      DescribeInstances plain = new DescribeInstances();
      plain.getInstanceIds().addAll(ids);
      CcInstanceType full = client.describeInstances(plain).getInstances().get(0);
      assertThat(full.getInstanceType().getVirtualBootRecord()).extracting(v -> v.getType()).contains("ephemeral");
      assertThat(full.getUserData()).isEqualTo("dXNlciBkYXRh");
      DescribeInstances brief = new DescribeInstances();
      brief.getInstanceIds().addAll(ids);
      brief.setBrief(true);
      CcInstanceType briefly = client.describeInstances(brief).getInstances().get(0);
      assertThat(briefly.getInstanceType().getVirtualBootRecord()).isEmpty();
      assertThat(briefly.getInstanceType().getName()).isEqualTo(full.getInstanceType().getName());
      assertThat(briefly.getInstanceType().getCores()).isEqualTo(full.getInstanceType().getCores());
      assertThat(briefly.getUserData()).isNull();
      assertThat(briefly.getStateName()).isEqualTo(full.getStateName());
      assertThat(briefly.getNetParams().getPrivateMacAddress()).isEqualTo(full.getNetParams().getPrivateMacAddress());
    } finally {
      terminate(ids);
    }
  }

  /** Issue 19: attach and detach are passed on to the instance's node; its volumes come back in the reports. */
  @Test
  void volumesAreRelayedToTheInstancesNodeAndReported() throws Exception {
    List<String> ids = newIds(1);
    String id = ids.get(0);
    client.runInstances(run(ids, 1));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!volumesOf(id, "Extant")) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
    AttachVolume a = new AttachVolume();
    a.setInstanceId(id);
    a.setVolumeId("vol-0000cc01");
    a.setRemoteDev("iscsi://127.0.0.1:13342/iqn.2026-12.com.eucalyptus.sc:vol-0000cc01/1");
    a.setLocalDev("/dev/sdf");
    client.attachVolume(a);
    deadline = System.nanoTime() + 10_000_000_000L;
    // The node reports the volume attaching while it plugs it in, then attached.
    while (report(id).getVolumes().isEmpty() || !"attached".equals(report(id).getVolumes().get(0).getState())) {
      assertThat(System.nanoTime()).as("the node's report carries the volume, attached").isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(report(id).getVolumes()).singleElement().satisfies(v -> {
      assertThat(v.getVolumeId()).isEqualTo("vol-0000cc01");
      assertThat(v.getLocalDev()).isEqualTo("/dev/sdf");
      assertThat(v.getState()).isEqualTo("attached");
    });

    a.setInstanceId("i-0DEAD0CC");
    assertThatThrownBy(() -> client.attachVolume(a)).isInstanceOfSatisfying(EucalyptusFault_Exception.class,
        e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("InstanceNotFound"));
    a.setInstanceId(id);
    a.setVolumeId("vol-0000cc02");
    assertThatThrownBy(() -> client.attachVolume(a)).as("the node's refusal, passed on")
        .isInstanceOfSatisfying(EucalyptusFault_Exception.class,
            e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("InvalidParameterValue"));

    DetachVolume d = new DetachVolume();
    d.setInstanceId(id);
    d.setVolumeId("vol-0000cc01");
    client.detachVolume(d);
    deadline = System.nanoTime() + 10_000_000_000L;
    while (!report(id).getVolumes().isEmpty()) {
      assertThat(System.nanoTime()).as("the detach reaches the report").isLessThan(deadline);
      Thread.sleep(20);
    }
    terminate(ids);
    deadline = System.nanoTime() + 10_000_000_000L;
    while (available(small()) < 8) { // the other tests start from an empty cluster
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  static CcInstanceType report(String id) throws Exception {
    DescribeInstances d = new DescribeInstances();
    d.getInstanceIds().add(id);
    return client.describeInstances(d).getInstances().get(0);
  }

  static boolean volumesOf(String id, String state) throws Exception {
    DescribeInstances d = new DescribeInstances();
    d.getInstanceIds().add(id);
    return client.describeInstances(d).getInstances().stream().anyMatch(i -> i.getStateName().equals(state));
  }

  /** Issue 19: a clean stop (graceful) reaches the node, and the launch ends when the node says its domain went. */
  @Test
  void aGracefulTerminateIsPassedOnAndEndsWithTheNodesReport() throws Exception {
    List<String> ids = newIds(1);
    client.runInstances(run(ids, 1));
    long end = System.nanoTime() + 10_000_000_000L;
    while (!reported(ids, "Extant")) {
      assertThat(System.nanoTime()).isLessThan(end);
      Thread.sleep(20);
    }
    TerminateInstances t = new TerminateInstances();
    t.getInstanceIds().addAll(ids);
    t.setGraceful(true);
    assertThat(client.terminateInstances(t).getIsTerminated()).containsExactly(true);
    DescribeInstances d = new DescribeInstances();
    d.getInstanceIds().addAll(ids);
    while (!reported(ids, "Teardown")) {
      assertThat(System.nanoTime()).isLessThan(end);
      Thread.sleep(20);
    }
    // The node's own words: its guest was asked to shut down (the test driver's goes at once).
    assertThat(client.describeInstances(d).getInstances()).singleElement()
        .satisfies(i -> assertThat(i.getStateReason()).isEqualTo("stopped: the guest shut down"));
  }

  static boolean reported(List<String> ids, String state) throws Exception {
    DescribeInstances d = new DescribeInstances();
    d.getInstanceIds().addAll(ids);
    return client.describeInstances(d).getInstances().stream().allMatch(i -> i.getStateName().equals(state));
  }

  @Test
  void tooLargeARequestIsRefusedWhole() throws Exception {
    assertThatThrownBy(() -> client.runInstances(run(newIds(9), 9)))
        .isInstanceOfSatisfying(EucalyptusFault_Exception.class,
            e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("InsufficientInstanceCapacity"));
    assertThat(available(small())).isEqualTo(8);
    // With minCount below what fits, as many as fit are started.
    List<String> ids = newIds(10);
    List<CcInstanceType> got = client.runInstances(run(ids, 2)).getInstances();
    assertThat(got).hasSize(8);
    terminate(ids);
  }

  @Test
  void aLaunchSentAgainStartsNoSecondCopy() throws Exception {
    // What the cloud controller does when it cannot know whether its first request arrived.
    List<String> ids = newIds(2);
    List<CcInstanceType> first = client.runInstances(run(ids, 2)).getInstances();
    List<CcInstanceType> again = client.runInstances(run(ids, 2)).getInstances();
    assertThat(again).extracting(CcInstanceType::getInstanceId).containsExactlyElementsOf(ids);
    assertThat(again).extracting(CcInstanceType::getServiceTag)
        .containsExactlyElementsOf(first.stream().map(CcInstanceType::getServiceTag).toList());
    assertThat(available(small())).isEqualTo(6);

    // Sent four times at once: each answer names both, and the cluster starts each once.
    List<String> racing = newIds(2);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<List<CcInstanceType>>> answers = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      answers.add(pool.submit(() -> client.runInstances(run(racing, 2)).getInstances()));
    }
    for (Future<List<CcInstanceType>> a : answers) {
      assertThat(a.get()).extracting(CcInstanceType::getInstanceId).containsExactlyElementsOf(racing);
    }
    pool.shutdown();
    assertThat(available(small())).isEqualTo(4);
    // One new id beside a known one: only the new one is started.
    List<String> mixed = List.of(ids.get(0), newIds(1).get(0));
    assertThat(client.runInstances(run(mixed, 2)).getInstances()).extracting(CcInstanceType::getInstanceId)
        .containsExactlyElementsOf(mixed);
    assertThat(available(small())).isEqualTo(3);
    terminate(ids);
    terminate(racing);
    terminate(mixed.subList(1, 2));
    assertThat(available(small())).isEqualTo(8);
  }

  @Test
  void concurrentLaunchesNeverOvercommit() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<Integer>> results = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      List<String> ids = newIds(2);
      all.addAll(ids);
      results.add(pool.submit((Callable<Integer>) () -> {
        try {
          return client.runInstances(run(ids, 2)).getInstances().size();
        } catch (EucalyptusFault_Exception e) {
          assertThat(e.getFaultInfo().getCode()).isEqualTo("InsufficientInstanceCapacity");
          return 0;
        }
      }));
    }
    int placed = 0;
    for (Future<Integer> f : results) {
      placed += f.get();
    }
    pool.shutdown();
    assertThat(placed).isEqualTo(8); // exactly the capacity: 2 nodes x 4 cores
    assertThat(available(small())).isZero();
    terminate(all);
  }

  @Test
  void badRequestsGetFaults() {
    RunInstances empty = run(List.of(), 1);
    assertThatThrownBy(() -> client.runInstances(empty)).isInstanceOfSatisfying(EucalyptusFault_Exception.class,
        e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("InvalidParameterValue"));
    RunInstances noCores = run(newIds(1), 1);
    noCores.getInstanceType().setCores(0);
    assertThatThrownBy(() -> client.runInstances(noCores)).isInstanceOfSatisfying(EucalyptusFault_Exception.class,
        e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("InvalidParameterValue"));
  }
}
