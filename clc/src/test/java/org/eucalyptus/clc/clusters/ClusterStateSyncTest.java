package org.eucalyptus.clc.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceState;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.persistence.DatabaseSettings;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.NetConfigType;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a cluster's report moves the CLC's instance states (on a real embedded database). */
@IntegrationTest
class ClusterStateSyncTest {
  @TempDir Path tmp;
  Database db;
  AccessKeyOwner admin;
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now.get(); }
  };
  ClusterStateSync sync;

  @BeforeEach
  void setUp() {
    db = new Database(DatabaseSettings.embedded(tmp), CloudController.ENTITIES);
    admin = new IdentityStore(db, clock).ensureSystemAdmin();
    ClusterRegistry registry = new ClusterRegistry(db, clock);
    registry.register("c1", "127.0.0.1", 1);
    sync = new ClusterStateSync(db, registry, new ClusterClients(), clock, () -> Duration.ofMinutes(5), () -> { },
        (cluster, ids) -> true);
    for (String id : List.of("i-00000001", "i-00000002", "i-00000003", "i-00000004")) {
      db.run(s -> s.persist(new Instance(id, "r-00000001", admin.accountNumber(), admin.userId(), "emi-00000001",
          null, null, "m1.small", "c1", null, null, 0, "d0:0d:00:00:00:01", null, List.of(), now.get())));
    }
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  static CcInstanceType reported(String id, String state, String reason) {
    CcInstanceType r = new CcInstanceType();
    r.setInstanceId(id);
    r.setStateName(state);
    r.setStateReason(reason);
    r.setServiceTag("http://node1:8775/axis2/services/EucalyptusNC");
    NetConfigType net = new NetConfigType();
    net.setPrivateMacAddress("D0:0D:0A:00:00:05"); // MANAGED: the cluster's, from the address
    net.setPrivateIp("10.0.0.5");
    r.setNetParams(net);
    return r;
  }

  InstanceState state(String id) {
    return db.inTransaction(s -> s.find(Instance.class, id).state());
  }

  String field(String id, java.util.function.Function<Instance, String> f) {
    return db.inTransaction(s -> f.apply(s.find(Instance.class, id)));
  }

  /** Complete rounds cost every instance: beyond 2,000 instances they come less often, in proportion. */
  @Test
  void completeRoundsComeLessOftenInLargeClusters() {
    assertThat(ClusterStateSync.completeRoundEvery(0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(ClusterStateSync.completeRoundEvery(2000)).isEqualTo(Duration.ofSeconds(5));
    assertThat(ClusterStateSync.completeRoundEvery(2001)).isEqualTo(Duration.ofSeconds(10));
    assertThat(ClusterStateSync.completeRoundEvery(10_000)).isEqualTo(Duration.ofSeconds(25));
  }

  @Test
  void followsTheClustersReport() {
    sync.apply("c1", List.of(reported("i-00000001", "Extant", null), reported("i-00000002", "Pending", null),
        reported("i-00000003", "Teardown", "failed to start: no such image"), reported("i-00000004", "Extant", null)));
    assertThat(state("i-00000001")).isEqualTo(InstanceState.RUNNING);
    assertThat(state("i-00000002")).isEqualTo(InstanceState.PENDING);
    assertThat(state("i-00000003")).isEqualTo(InstanceState.TERMINATED);
    assertThat(field("i-00000003", Instance::stateReason)).contains("no such image");
    assertThat(field("i-00000001", Instance::privateIp)).isEqualTo("10.0.0.5");
    assertThat(field("i-00000001", Instance::macAddress)).isEqualTo("d0:0d:0a:00:00:05");

    // A late "Pending" never moves a running instance back.
    sync.apply("c1", List.of(reported("i-00000001", "Pending", null), reported("i-00000004", "Extant", null)));
    assertThat(state("i-00000001")).isEqualTo(InstanceState.RUNNING);

    // i-00000002 is now missing from the report: it is kept until it has been missing for 300 s.
    now.set(now.get().plusSeconds(299));
    sync.apply("c1", List.of(reported("i-00000001", "Extant", null), reported("i-00000004", "Extant", null)));
    assertThat(state("i-00000002")).isEqualTo(InstanceState.PENDING);
    now.set(now.get().plusSeconds(301));
    sync.apply("c1", List.of(reported("i-00000001", "Extant", null), reported("i-00000004", "Extant", null)));
    assertThat(state("i-00000002")).isEqualTo(InstanceState.TERMINATED);
  }

  /** Instances launched when ids were upper case: their nodes report them so; the CLC keeps them lower case (V11). */
  @Test
  void reportsOfUpperCaseIdsMatchTheLowerCaseRecords() {
    db.run(s -> s.persist(new Instance("i-0bad0001", "r-0bad0000", admin.accountNumber(), admin.userId(),
        "emi-00000001", null, null, "m1.small", "c1", null, null, 0, "d0:0d:0b:ad:00:01", null, List.of(), now.get())));
    db.run(s -> s.persist(new Instance("i-0bad0002", "r-0bad0000", admin.accountNumber(), admin.userId(),
        "emi-00000001", null, null, "m1.small", "c1", null, null, 1, "d0:0d:0b:ad:00:02", null, List.of(), now.get())));
    db.run(s -> s.find(Instance.class, "i-0bad0002").advance(InstanceState.SHUTTING_DOWN, "User initiated", now.get()));
    List<String> toStop = sync.apply("c1", List.of(reported("i-0BAD0001", "Extant", null),
        reported("i-0BAD0002", "Extant", null))).toStop();
    assertThat(state("i-0bad0001")).isEqualTo(InstanceState.RUNNING);
    assertThat(toStop).containsExactly("i-0bad0002"); // the CC finds it in any case (InstanceCache.find)
  }

  static CcInstanceType reported(String id, String uuid, String state, String reason) {
    CcInstanceType r = reported(id, state, reason);
    r.setUuid(uuid);
    return r;
  }

  void stopping(String id) {
    db.run(s -> {
      Instance i = s.find(Instance.class, id);
      i.advance(InstanceState.RUNNING, null, now.get());
      i.setPublicIp("192.0.2.7");
      i.advance(InstanceState.STOPPING, ClusterStateSync.STOPPED_BY_USER, now.get());
    });
  }

  /**
   * Between complete rounds a report is compared with the previous one and only what changed is
   * applied; the next complete round catches what only the database changed (a terminate the cluster
   * missed is sent again).
   */
  @Test
  void roundsApplyWhatTheReportChangedAndCompleteRoundsTheRest() {
    List<CcInstanceType> before = List.of(reported("i-00000001", "Extant", null), reported("i-00000002", "Extant", null),
        reported("i-00000003", "Extant", null), reported("i-00000004", "Extant", null));
    sync.take("c1", before);
    assertThat(state("i-00000002")).isEqualTo(InstanceState.RUNNING);
    // Its owner terminates i-00000002, and the cluster misses the terminate: it reports the instance as before.
    db.run(s -> s.find(Instance.class, "i-00000002").advance(InstanceState.SHUTTING_DOWN, null, now.get()));
    now.set(now.get().plusSeconds(1));
    assertThat(sync.take("c1", before).toStop()).as("a report that changed nothing does nothing").isEmpty();
    // i-00000003 ends on its node: applied at once.
    List<CcInstanceType> after = List.of(reported("i-00000001", "Extant", null), reported("i-00000002", "Extant", null),
        reported("i-00000003", "Teardown", "gone"), reported("i-00000004", "Extant", null));
    now.set(now.get().plusSeconds(1));
    sync.take("c1", after);
    assertThat(state("i-00000003")).isEqualTo(InstanceState.TERMINATED);
    // The next complete round sends the terminate the cluster missed again.
    now.set(now.get().plus(ClusterStateSync.COMPLETE_ROUND_EVERY));
    assertThat(sync.take("c1", after).toStop()).containsExactly("i-00000002");
  }

  /**
   * The leader's poll asks a cluster for its changes only between complete rounds, and for every
   * instance brief (without the boot records and user data its launch gave, which the sync never reads).
   */
  @Test
  void thePollAsksForChangesOnlyBetweenCompleteRoundsAndBriefInstances() {
    var first = sync.pollRequest("c1", ClusterStateSync.FULL_REPORT_NOW);
    assertThat(first.isChangesOnly()).as("the first report is a whole one").isNull();
    assertThat(first.isBrief()).isTrue();
    List<CcInstanceType> all = List.of(reported("i-00000001", "Extant", null), reported("i-00000002", "Extant", null),
        reported("i-00000003", "Extant", null), reported("i-00000004", "Extant", null));
    sync.take("c1", all); // a complete round
    now.set(now.get().plusSeconds(1));
    var next = sync.pollRequest("c1", 7);
    assertThat(next.isChangesOnly()).as("between complete rounds").isTrue();
    assertThat(next.getSinceVersion()).isEqualTo(7);
    assertThat(next.isBrief()).isTrue();
    now.set(now.get().plus(ClusterStateSync.COMPLETE_ROUND_EVERY));
    assertThat(sync.pollRequest("c1", 8).isChangesOnly()).as("a complete round due").isNull();
  }

  /**
   * A cluster's report of changes only (what changed since the previous report, and the ids it
   * forgot) moves the database as the whole report would; it is never a complete round, so a
   * terminate the cluster missed waits for the next whole report.
   */
  @Test
  void aReportOfChangesIsAppliedAsTheWholeReportWouldBeButIsNeverComplete() {
    List<CcInstanceType> all = List.of(reported("i-00000001", "Extant", null), reported("i-00000002", "Extant", null),
        reported("i-00000003", "Extant", null), reported("i-00000004", "Extant", null));
    sync.take("c1", all);
    assertThat(state("i-00000003")).isEqualTo(InstanceState.RUNNING);
    db.run(s -> s.find(Instance.class, "i-00000002").advance(InstanceState.SHUTTING_DOWN, null, now.get()));
    now.set(now.get().plusSeconds(1));
    // Only i-00000003 changed: it ended on its node.
    sync.take("c1", List.of(reported("i-00000003", "Teardown", "gone")), false, List.of());
    assertThat(state("i-00000003")).isEqualTo(InstanceState.TERMINATED);
    // Long after the last complete round, a report of changes still is none: the missed terminate waits.
    now.set(now.get().plus(ClusterStateSync.COMPLETE_ROUND_EVERY).plusSeconds(1));
    assertThat(sync.take("c1", List.of(reported("i-00000001", "Extant", null)), false, List.of()).toStop())
        .as("an unchanged instance in a report of changes, and no complete round").isEmpty();
    // The cluster forgets i-00000004 (as its whole report would stop listing it): it counts as missing.
    sync.take("c1", List.of(), false, List.of("i-00000004"));
    assertThat(sync.missingCount("c1")).isEqualTo(1);
    assertThat(state("i-00000004")).isEqualTo(InstanceState.RUNNING);
    // The next whole report is a complete round: the terminate the cluster missed is sent again.
    assertThat(sync.take("c1", List.of(reported("i-00000001", "Extant", null), reported("i-00000002", "Extant", null),
        reported("i-00000003", "Teardown", "gone"))).toStop()).containsExactly("i-00000002");
  }

  /** A report of changes since a report this front end did not apply (or forgot) cannot be applied. */
  @Test
  void aReportOfChangesWithoutThePreviousReportIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sync.take("c1", List.of(reported("i-00000001", "Extant",
        null)), false, List.of())).isInstanceOf(IllegalStateException.class);
    assertThat(state("i-00000001")).isEqualTo(InstanceState.PENDING);
  }

  /** What the sync keeps of each instance not reported does not outlive the instance's life. */
  @Test
  void instancesCountedAsMissingAreForgottenOnceTheyEndOtherwise() {
    sync.apply("c1", List.of(reported("i-00000001", "Extant", null), reported("i-00000004", "Extant", null)));
    assertThat(sync.missingCount("c1")).isEqualTo(2);
    db.run(s -> s.find(Instance.class, "i-00000002").advance(InstanceState.TERMINATED, "User initiated", now.get()));
    sync.apply("c1", List.of(reported("i-00000001", "Extant", null), reported("i-00000004", "Extant", null)));
    assertThat(sync.missingCount("c1")).isEqualTo(1);
  }

  /** StopInstances: stopping until the cluster reports the launch ended (or no longer has it), then stopped. */
  @Test
  void aStoppingInstanceIsStoppedWhenItsLaunchEndsAndIsNotSweptAsLost() {
    stopping("i-00000001");
    stopping("i-00000002");
    assertThat(field("i-00000001", Instance::publicIp)).isNull(); // its lent address went back at the stop
    // Still running on its node (its guest shutting down): the stop is sent again, a clean one (the node
    // goes on with the stop under way); a running report does not undo the stop.
    ClusterStateSync.Settlement still = sync.apply("c1", List.of(reported("i-00000001", "Extant", null),
        reported("i-00000002", "Extant", null), reported("i-00000003", "Extant", null),
        reported("i-00000004", "Extant", null)));
    assertThat(still.toStopCleanly()).containsExactly("i-00000001", "i-00000002");
    assertThat(still.toStop()).as("not terminated: that would pull the plug").isEmpty();
    assertThat(still.stopped()).isEmpty();
    assertThat(state("i-00000001")).isEqualTo(InstanceState.STOPPING);

    ClusterStateSync.Settlement gone = sync.apply("c1", List.of(reported("i-00000001", "Teardown", "terminated"),
        reported("i-00000003", "Extant", null), reported("i-00000004", "Extant", null)));
    // Their domains are gone: now (and only now) their volumes' exports may end.
    assertThat(gone.stopped()).containsExactly("i-00000001", "i-00000002");
    assertThat(state("i-00000001")).isEqualTo(InstanceState.STOPPED);
    assertThat(state("i-00000002")).isEqualTo(InstanceState.STOPPED); // the cluster no longer has it at all
    assertThat(field("i-00000001", Instance::stateReason))
        .isEqualTo("Client.UserInitiatedShutdown: User initiated shutdown");
    assertThat(field("i-00000001", Instance::privateIp)).isNull();

    // Long after: neither taken for lost nor moved by the ended launch the cluster still lists.
    now.set(now.get().plus(Duration.ofHours(1)));
    for (int k = 0; k < 2; k++) {
      sync.apply("c1", List.of(reported("i-00000001", "Teardown", "terminated"),
          reported("i-00000003", "Extant", null), reported("i-00000004", "Extant", null)));
      now.set(now.get().plus(Duration.ofMinutes(10)));
    }
    assertThat(state("i-00000001")).isEqualTo(InstanceState.STOPPED);
    assertThat(state("i-00000002")).isEqualTo(InstanceState.STOPPED);
    assertThat(field("i-00000001", Instance::stateReason)).startsWith("Client.UserInitiatedShutdown");
  }

  /** StartInstances: the new launch (new uuid) is followed; reports of the launch the stop ended are not. */
  @Test
  void aStartedInstanceFollowsItsNewLaunchOnlyAndAFailedStartStopsItAgain() {
    stopping("i-00000001");
    stopping("i-00000002");
    sync.apply("c1", List.of());
    assertThat(state("i-00000001")).isEqualTo(InstanceState.STOPPED);
    Instant startedAt = now.get().plusSeconds(60);
    now.set(startedAt);
    db.run(s -> {
      assertThat(s.find(Instance.class, "i-00000001").restart("uuid-2", now.get())).isTrue();
      assertThat(s.find(Instance.class, "i-00000002").restart("uuid-3", now.get())).isTrue();
      assertThat(s.find(Instance.class, "i-00000003").restart("uuid-4", now.get())).isFalse(); // not stopped
    });
    assertThat(state("i-00000001")).isEqualTo(InstanceState.PENDING);
    assertThat(field("i-00000001", Instance::launchUuid)).isEqualTo("uuid-2");
    Instant launchTime = db.inTransaction(s -> s.find(Instance.class, "i-00000001").launchTime());
    assertThat(launchTime).isEqualTo(startedAt);

    // The cluster still lists the launch the stop ended (its old uuid, the instance id): not this launch.
    List<String> toStop = sync.apply("c1", List.of(reported("i-00000001", "i-00000001", "Teardown", "terminated"),
        reported("i-00000002", "uuid-3", "Pending", null))).toStop();
    assertThat(toStop).isEmpty();
    assertThat(state("i-00000001")).isEqualTo(InstanceState.PENDING);

    sync.apply("c1", List.of(reported("i-00000001", "uuid-2", "Extant", null),
        reported("i-00000002", "uuid-3", "Teardown", "failed to start: EBS volume vol-1 cannot be attached")));
    assertThat(state("i-00000001")).isEqualTo(InstanceState.RUNNING);
    assertThat(field("i-00000001", Instance::privateIp)).isEqualTo("10.0.0.5");
    // A start that failed leaves the instance stopped (its volumes kept), not terminated.
    assertThat(state("i-00000002")).isEqualTo(InstanceState.STOPPED);
    assertThat(field("i-00000002", Instance::stateReason)).contains("cannot be attached");
  }

  /** Only a report or TerminateInstances ends a stopped instance; no report starts one. */
  @Test
  void theLifecycleOnlyGoesForward() {
    assertThat(InstanceState.STOPPED.canMoveTo(InstanceState.RUNNING)).isFalse();
    assertThat(InstanceState.STOPPED.canMoveTo(InstanceState.PENDING)).isFalse();
    assertThat(InstanceState.STOPPED.canMoveTo(InstanceState.TERMINATED)).isTrue();
    assertThat(InstanceState.STOPPING.canMoveTo(InstanceState.RUNNING)).isFalse();
    assertThat(InstanceState.STOPPING.canMoveTo(InstanceState.STOPPED)).isTrue();
    assertThat(InstanceState.RUNNING.canMoveTo(InstanceState.STOPPING)).isTrue();
    assertThat(InstanceState.TERMINATED.canMoveTo(InstanceState.STOPPED)).isFalse();
    assertThat(InstanceState.SHUTTING_DOWN.canMoveTo(InstanceState.STOPPING)).isFalse();
    assertThat(InstanceState.STOPPING.code()).isEqualTo(64);
    assertThat(InstanceState.STOPPED.code()).isEqualTo(80);
  }

  @Test
  void aShuttingDownInstanceTheClusterForgotIsTerminated() {
    db.run(s -> s.find(Instance.class, "i-00000004").advance(InstanceState.SHUTTING_DOWN, "User initiated", now.get()));
    sync.apply("c1", List.of(reported("i-00000001", "Extant", null)));
    assertThat(state("i-00000004")).isEqualTo(InstanceState.TERMINATED);
    assertThat(field("i-00000004", Instance::stateReason)).isEqualTo("User initiated");
  }

  @Test
  void aTerminateTheClusterCouldNotCarryOutIsSentAgainWithEveryReport() {
    // Terminated while its node (or the cluster) was down: the cluster still runs it.
    db.run(s -> s.find(Instance.class, "i-00000004").advance(InstanceState.RUNNING, null, now.get()));
    db.run(s -> s.find(Instance.class, "i-00000004").advance(InstanceState.SHUTTING_DOWN, "User initiated", now.get()));
    for (int report = 0; report < 2; report++) {
      List<String> toStop = sync.apply("c1", List.of(reported("i-00000001", "Extant", null),
          reported("i-00000004", "Extant", null))).toStop();
      assertThat(toStop).containsExactly("i-00000004");
      assertThat(state("i-00000004")).isEqualTo(InstanceState.SHUTTING_DOWN);
    }
    // Once the cluster has it torn down, it is terminated and nothing more is sent.
    List<String> toStop = sync.apply("c1", List.of(reported("i-00000001", "Extant", null),
        reported("i-00000004", "Teardown", null))).toStop();
    assertThat(toStop).isEmpty();
    assertThat(state("i-00000004")).isEqualTo(InstanceState.TERMINATED);
  }

  @Test
  void theFirstReportsAfterAStartResumePendingLaunchesOfTheEarlierRun() {
    // A CLC started after the four launches were recorded: none of them is in flight in this run.
    now.set(now.get().plusSeconds(1));
    ClusterStateSync restarted = new ClusterStateSync(db, new ClusterRegistry(db, clock), new ClusterClients(), clock,
        () -> Duration.ofMinutes(5), () -> { }, (cluster, ids) -> true);
    db.run(s -> s.find(Instance.class, "i-00000004").advance(InstanceState.RUNNING, null, now.get()));
    ClusterStateSync.Settlement first = restarted.apply("c1", List.of(reported("i-00000001", "Extant", null)));
    assertThat(state("i-00000001")).isEqualTo(InstanceState.RUNNING);
    // Their client may hold their ids: they are launched again, not given up.
    assertThat(first.toResume()).containsExactly("i-00000002", "i-00000003");
    assertThat(state("i-00000002")).isEqualTo(InstanceState.PENDING);
    assertThat(state("i-00000003")).isEqualTo(InstanceState.PENDING);
    // A running one the cluster does not report still gets the lost-instance time (its node may be slow).
    assertThat(state("i-00000004")).isEqualTo(InstanceState.RUNNING);
    assertThat(first.toStop()).isEmpty();

    // Launches of this run are never resumed that way, and an instance the cluster still runs while
    // the CLC holds it as terminated is handed back to be stopped on the cluster.
    db.run(s -> s.persist(new Instance("i-00000005", "r-00000002", admin.accountNumber(), admin.userId(),
        "emi-00000001", null, null, "m1.small", "c1", null, null, 0, "d0:0d:00:00:00:05", null, List.of(), now.get())));
    db.run(s -> s.find(Instance.class, "i-00000001").advance(InstanceState.TERMINATED, "User initiated", now.get()));
    ClusterStateSync.Settlement second = restarted.apply("c1", List.of(reported("i-00000001", "Extant", null)));
    assertThat(state("i-00000005")).isEqualTo(InstanceState.PENDING);
    assertThat(second.toStop()).containsExactly("i-00000001");
    // Not resumed yet (the poller marks the cluster settled once the resume reached it): asked again.
    assertThat(second.toResume()).containsExactly("i-00000002", "i-00000003");
    assertThat(field("i-00000001", Instance::publicIp)).isNull();
    assertThat(field("i-00000001", Instance::privateIp)).isNull();
  }

  /**
   * Two front ends: the leader records a launch and dies before sending it to the cluster. The
   * follower that takes the lead sends it (its first report after taking the lead lacks it); a launch
   * the new leader records itself is not resent.
   */
  @Test
  void aFollowerTakingTheLeadResumesTheLaunchesTheDeadLeaderRecordedButNeverSent() {
    List<CcInstanceType> all = List.of(reported("i-00000001", "Extant", null), reported("i-00000002", "Extant", null),
        reported("i-00000003", "Extant", null), reported("i-00000004", "Extant", null));
    ClusterStateSync follower = new ClusterStateSync(db, new ClusterRegistry(db, clock), new ClusterClients(), clock,
        () -> Duration.ofMinutes(5), () -> { }, (cluster, ids) -> true);
    follower.follow();
    sync.take("c1", all);
    assertThat(sync.take("c1", all).toResume()).isEmpty();
    // The leader records i-00000005 and dies before the cluster hears of it.
    now.set(now.get().plusSeconds(1));
    db.run(s -> s.persist(new Instance("i-00000005", "r-00000002", admin.accountNumber(), admin.userId(),
        "emi-00000001", null, null, "m1.small", "c1", null, null, 0, "d0:0d:00:00:00:05", null, List.of(), now.get())));
    now.set(now.get().plusSeconds(1));
    follower.lead();
    // A launch the new leader records after taking the lead is its own, in flight: not resent.
    now.set(now.get().plusSeconds(1));
    db.run(s -> s.persist(new Instance("i-00000006", "r-00000003", admin.accountNumber(), admin.userId(),
        "emi-00000001", null, null, "m1.small", "c1", null, null, 0, "d0:0d:00:00:00:06", null, List.of(), now.get())));
    ClusterStateSync.Settlement first = follower.take("c1", all);
    assertThat(first.toResume()).containsExactly("i-00000005");
    assertThat(state("i-00000005")).isEqualTo(InstanceState.PENDING);
    assertThat(state("i-00000006")).isEqualTo(InstanceState.PENDING);
    assertThat(state("i-00000001")).isEqualTo(InstanceState.RUNNING);
  }

  /**
   * A launch with volumes is sent to its cluster only once its storage controller has made them
   * (RunInstances answers before): until then the cluster's reports do not have the instance, and
   * it is not taken for lost however long that takes; once they are made, it is held to the usual time.
   */
  @Test
  void aPendingInstanceWaitingForItsVolumesIsNotLost() throws Exception {
    var volumes = new org.eucalyptus.clc.volumes.VolumeStore(db, clock, new org.eucalyptus.common.util.IdSource());
    var v = volumes.create(org.eucalyptus.clc.quotas.QuotaClaim.unlimited(org.eucalyptus.common.policy.Quotas.VOLUME_NUMBER,
            admin.accountNumber(), admin.userId()),
        org.eucalyptus.clc.quotas.QuotaClaim.unlimited(org.eucalyptus.common.policy.Quotas.VOLUME_TOTAL_SIZE,
            admin.accountNumber(), admin.userId()), "c1", 1, null,
        new org.eucalyptus.clc.volumes.VolumeStore.SizeLimits(15, 1000), java.util.Map.of(),
        new org.eucalyptus.clc.volumes.VolumeStore.LaunchAttachment("i-00000002", "/dev/sdf", true));
    List<CcInstanceType> others = List.of(reported("i-00000001", "Extant", null), reported("i-00000003", "Extant", null),
        reported("i-00000004", "Extant", null));
    sync.apply("c1", others);
    now.set(now.get().plusSeconds(3600));
    sync.apply("c1", others);
    assertThat(state("i-00000002")).isEqualTo(InstanceState.PENDING);

    volumes.reported(v.volumeId(), "available", null);
    assertThat(volumes.find(v.volumeId()).orElseThrow().state()).isEqualTo("in-use"); // attached from the start
    sync.apply("c1", others);
    now.set(now.get().plusSeconds(301));
    sync.apply("c1", others);
    assertThat(state("i-00000002")).isEqualTo(InstanceState.TERMINATED);
  }
}
