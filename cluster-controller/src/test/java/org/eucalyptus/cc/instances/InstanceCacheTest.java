package org.eucalyptus.cc.instances;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class InstanceCacheTest {
  static final String NODE = "http://n1:8775/axis2/services/EucalyptusNC";

  final MutableClock clock = new MutableClock();
  final InstanceCache cache = new InstanceCache(clock, Duration.ofSeconds(30));

  static CcInstance inst(String id, String state) {
    return new CcInstance(id, id, "r-1", "emi-1", null, null, new CcInstance.Machine("m1.small", 128, 1, 2, List.of()),
        null, null, state, null, null, null, null, NODE, null, null, null, List.of());
  }

  String state(String id) {
    return cache.find(id).orElseThrow().stateName();
  }

  @Test
  void nodeReportsMoveStateAndBumpTheVersionOnlyOnChange() {
    cache.put(inst("i-1", "Pending"));
    long v = cache.version().current();
    cache.applyNodeReport(NODE, List.of(inst("i-1", "Extant")));
    assertThat(state("i-1")).isEqualTo("Extant");
    assertThat(cache.version().current()).isGreaterThan(v);
    long v2 = cache.version().current();
    cache.applyNodeReport(NODE, List.of(inst("i-1", "Extant")));
    assertThat(cache.version().current()).isEqualTo(v2);
  }

  /** Instances launched when ids were upper case keep them on their nodes; the CLC now names them in lower case. */
  @Test
  void anInstanceIsFoundByItsIdInAnyCase() {
    cache.applyNodeReport(NODE, List.of(inst("i-0BAD0001", "Extant")));
    assertThat(cache.find("i-0bad0001")).map(CcInstance::instanceId).contains("i-0BAD0001");
    assertThat(cache.find("i-0bad0002")).isEmpty();
  }

  /** The index of ids by lower case follows purges, and ids differing only in case each stay found. */
  @Test
  void anIdForgottenIsNotFoundInAnyCaseAndItsTwinInOtherCaseStaysFound() {
    cache.applyNodeReport(NODE, List.of(inst("i-0BAD0001", "Extant"), inst("i-0bad0001", "Extant")));
    cache.markTeardown("i-0BAD0001", "terminated");
    clock.advance(Duration.ofMinutes(6));
    cache.purge(Duration.ofMinutes(5));
    assertThat(cache.find("i-0BAD0001")).map(CcInstance::instanceId).contains("i-0bad0001");
    assertThat(cache.find("I-0Bad0001")).map(CcInstance::instanceId).contains("i-0bad0001");
    cache.markTeardown("i-0bad0001", "terminated");
    clock.advance(Duration.ofMinutes(6));
    cache.purge(Duration.ofMinutes(5));
    assertThat(cache.find("i-0bad0001")).isEmpty();
    assertThat(cache.find("I-0BAD0001")).isEmpty();
  }

  /** What a node holds is read through that node's own instances; ended and other nodes' ones are not its. */
  @Test
  void liveOnANodeIsItsInstancesNotTornDown() {
    String other = "http://n2:8775/axis2/services/EucalyptusNC";
    cache.applyNodeReport(NODE, List.of(inst("i-1", "Extant"), inst("i-2", "Pending"), inst("i-3", "Extant")));
    cache.applyNodeReport(other, List.of(new CcInstance("i-4", "i-4", "r-1", "emi-1", null, null,
        new CcInstance.Machine("m1.small", 128, 1, 2, List.of()), null, null, "Extant", null, null, null, null, other,
        null, null, null, List.of())));
    cache.markTeardown("i-3", "terminated");
    assertThat(cache.liveOn(NODE)).extracting(CcInstance::instanceId).containsExactlyInAnyOrder("i-1", "i-2");
    assertThat(cache.liveOn(other)).extracting(CcInstance::instanceId).containsExactly("i-4");
    assertThat(cache.liveOn("http://n3:8775/axis2/services/EucalyptusNC")).isEmpty();
  }

  @Test
  void aLateLaunchAnswerDoesNotUndoTheNodesReport() {
    cache.applyNodeReport(NODE, List.of(inst("i-1", "Extant")));
    cache.put(inst("i-1", "Pending"));
    assertThat(state("i-1")).isEqualTo("Extant");
  }

  static CcInstance launch(String id, String uuid, String state) {
    return new CcInstance(id, uuid, "r-1", "emi-1", null, null, new CcInstance.Machine("m1.small", 128, 1, 2,
        List.of()), null, null, state, null, null, null, null, NODE, null, null, null, List.of());
  }

  /** StartInstances of a stopped instance: a new launch (another uuid) of an id whose launch here ended. */
  @Test
  void aNewLaunchOfAnEndedIdReplacesItAndTheOldLaunchsEndDoesNotUndoIt() {
    cache.put(launch("i-1", "u-1", "Extant"));
    assertThat(cache.replacesEnded("i-1", "u-2")).isFalse(); // still running: not to be started twice
    cache.markTeardown("i-1", "terminated");
    assertThat(cache.replacesEnded("i-1", "u-1")).isFalse(); // the same launch sent again stays ended
    assertThat(cache.replacesEnded("i-1", "u-2")).isTrue();

    cache.put(launch("i-1", "u-2", "Pending"));
    assertThat(state("i-1")).isEqualTo("Pending");
    assertThat(cache.find("i-1").orElseThrow().uuid()).isEqualTo("u-2");
    // A node report taken before the new launch, still saying the old one ended, changes nothing.
    cache.applyNodeReport(NODE, List.of(launch("i-1", "u-1", "Teardown")));
    assertThat(state("i-1")).isEqualTo("Pending");
    cache.applyNodeReport(NODE, List.of(launch("i-1", "u-2", "Extant")));
    assertThat(state("i-1")).isEqualTo("Extant");
  }

  /** A node that relaunched an id reports the new launch though the cache still holds the old one's end. */
  @Test
  void aNodesReportOfANewLaunchReplacesTheEndedOne() {
    cache.put(launch("i-1", "u-1", "Extant"));
    cache.markTeardown("i-1", "terminated");
    cache.applyNodeReport(NODE, List.of(launch("i-1", "u-1", "Extant"))); // stale: does not revive it
    assertThat(state("i-1")).isEqualTo("Teardown");
    cache.applyNodeReport(NODE, List.of(launch("i-1", "u-2", "Extant")));
    assertThat(state("i-1")).isEqualTo("Extant");
  }

  @Test
  void anInstanceALiveNodeStopsListingEndsAfterTheGrace() {
    cache.put(inst("i-1", "Extant"));
    cache.applyNodeReport(NODE, List.of());
    assertThat(state("i-1")).isEqualTo("Extant"); // may just be racing its launch
    clock.advance(Duration.ofSeconds(31));
    cache.applyNodeReport(NODE, List.of());
    assertThat(state("i-1")).isEqualTo("Teardown");
    assertThat(cache.find("i-1").orElseThrow().stateReason()).contains("no longer reported");
    assertThat(cache.liveOn(NODE)).isEmpty();
  }

  @Test
  void anEndedInstanceIsKeptForTheRetentionThenForgotten() {
    cache.put(inst("i-1", "Extant"));
    cache.markTeardown("i-1", "terminated");
    cache.applyNodeReport(NODE, List.of(inst("i-1", "Extant"))); // a report from before the terminate
    assertThat(state("i-1")).isEqualTo("Teardown");
    clock.advance(Duration.ofSeconds(299));
    cache.purge(Duration.ofMinutes(5));
    assertThat(cache.find("i-1")).isPresent();
    clock.advance(Duration.ofSeconds(2));
    cache.purge(Duration.ofMinutes(5));
    assertThat(cache.find("i-1")).isEmpty();
  }

  @Test
  void otherNodesReportsLeaveThisNodesInstancesAlone() {
    cache.put(inst("i-1", "Extant"));
    clock.advance(Duration.ofMinutes(5));
    cache.applyNodeReport("http://n2:8775/axis2/services/EucalyptusNC", List.of());
    assertThat(state("i-1")).isEqualTo("Extant");
    assertThat(cache.snapshot(List.of("i-1", "i-2"))).hasSize(1);
    assertThat(cache.snapshot(List.of())).hasSize(1);
  }

  @Test
  void whatTheCacheHandsOutStaysAsItWasWhenTheCacheChangesLater() {
    cache.put(inst("i-1", "Extant"));
    CcInstance found = cache.find("i-1").orElseThrow();
    List<CcInstance> listed = cache.snapshot(List.of());
    List<CcInstance> live = cache.liveOn(NODE);
    cache.markTeardown("i-1", "terminated");
    // (CXF may be marshalling these on another thread: a half-changed instance would go out.)
    for (CcInstance i : List.of(found, listed.get(0), live.get(0))) {
      assertThat(i.stateName()).isEqualTo("Extant");
      assertThat(i.stateReason()).isNull();
    }
    assertThat(state("i-1")).isEqualTo(InstanceCache.TEARDOWN);

    cache.put(inst("i-2", "Extant"));
    CcInstance before = cache.find("i-2").orElseThrow();
    clock.advance(Duration.ofMinutes(1));
    cache.applyNodeReport(NODE, List.of()); // the node stopped listing it
    assertThat(before.stateName()).isEqualTo("Extant");
    assertThat(state("i-2")).isEqualTo(InstanceCache.TEARDOWN);
  }

  InstanceCache.NodeUse summed(String node) {
    int cores = 0;
    int mem = 0;
    int disk = 0;
    for (CcInstance i : cache.liveOn(node)) {
      cores += i.machine().cores();
      mem += i.machine().memoryMb();
      disk += i.machine().diskGb();
    }
    return new InstanceCache.NodeUse(cores, mem, disk);
  }

  /** What placement reads per node is kept with every change, and always equals the sum of its live instances. */
  @Test
  void theUseKeptPerNodeFollowsEveryChange() {
    cache.put(inst("i-1", "Pending"));
    cache.put(inst("i-2", "Pending"));
    cache.applyNodeReport(NODE, List.of(inst("i-1", "Extant"), inst("i-2", "Extant"), inst("i-3", "Extant")));
    assertThat(cache.liveUseByNode().get(NODE)).isEqualTo(new InstanceCache.NodeUse(3, 384, 6)).isEqualTo(summed(NODE));
    cache.markTeardown("i-1", "terminated");
    assertThat(cache.liveUseByNode().get(NODE)).isEqualTo(new InstanceCache.NodeUse(2, 256, 4)).isEqualTo(summed(NODE));
    clock.advance(Duration.ofSeconds(31));
    cache.applyNodeReport(NODE, List.of(inst("i-2", "Extant"))); // i-3 vanished from its node
    assertThat(cache.liveUseByNode().get(NODE)).isEqualTo(new InstanceCache.NodeUse(1, 128, 2)).isEqualTo(summed(NODE));
    cache.applyNodeReport(NODE, List.of(inst("i-2", "Teardown")));
    clock.advance(Duration.ofSeconds(1));
    cache.purge(Duration.ZERO);
    assertThat(cache.liveUseByNode().get(NODE)).isEqualTo(InstanceCache.NodeUse.NONE).isEqualTo(summed(NODE));
  }

  static List<String> ids(InstanceCache.Changes c) {
    return c.changed().stream().map(CcInstance::instanceId).toList();
  }

  /** A changes-only describe: what changed after a version, and what was forgotten after it. */
  @Test
  void changesSinceAVersionAreTheInstancesChangedAndTheIdsForgottenAfterIt() {
    cache.put(inst("i-1", "Pending"));
    cache.put(inst("i-2", "Pending"));
    long v1 = cache.version().current();
    assertThat(ids(cache.changesSince(v1).orElseThrow())).isEmpty();
    cache.applyNodeReport(NODE, List.of(inst("i-1", "Extant"), inst("i-2", "Pending")));
    long v2 = cache.version().current();
    assertThat(ids(cache.changesSince(v1).orElseThrow())).containsExactly("i-1");
    assertThat(ids(cache.changesSince(v2).orElseThrow())).isEmpty();
    // A report that changes nothing is no change.
    cache.applyNodeReport(NODE, List.of(inst("i-1", "Extant"), inst("i-2", "Pending")));
    assertThat(ids(cache.changesSince(v2).orElseThrow())).isEmpty();
    cache.markTeardown("i-2", "terminated");
    long v3 = cache.version().current();
    assertThat(ids(cache.changesSince(v2).orElseThrow())).containsExactly("i-2");
    assertThat(ids(cache.changesSince(v1).orElseThrow())).containsExactlyInAnyOrder("i-1", "i-2");
    // Ended long enough ago: forgotten, and told as gone to a poller from before, not to one after.
    clock.advance(Duration.ofMinutes(10));
    cache.purge(Duration.ofMinutes(5));
    assertThat(cache.find("i-2")).isEmpty();
    InstanceCache.Changes afterPurge = cache.changesSince(v3).orElseThrow();
    assertThat(ids(afterPurge)).isEmpty();
    assertThat(afterPurge.gone()).containsExactly("i-2");
    assertThat(cache.changesSince(v1).orElseThrow().gone()).containsExactly("i-2");
    assertThat(cache.changesSince(cache.version().current()).orElseThrow().gone()).isEmpty();
    // The same id launched again after it was forgotten is a change, not gone.
    cache.put(launch("i-2", "u-2", "Pending"));
    InstanceCache.Changes again = cache.changesSince(v3).orElseThrow();
    assertThat(ids(again)).containsExactly("i-2");
    assertThat(again.gone()).isEmpty();
  }

  /** A version this cache cannot answer for (from a run before, or not given out yet) asks for the whole list. */
  @Test
  void aVersionFromAnotherRunGetsNoChangesButTheWholeList() {
    cache.put(inst("i-1", "Pending"));
    long earlierRun = cache.version().current();
    clock.advance(Duration.ofSeconds(1));
    InstanceCache restarted = new InstanceCache(clock, Duration.ofSeconds(30));
    assertThat(restarted.version().current()).as("a later run starts above every version of the earlier one")
        .isGreaterThan(earlierRun);
    assertThat(restarted.changesSince(earlierRun)).isEmpty();
    assertThat(restarted.changesSince(restarted.version().current() + 5)).isEmpty();
    assertThat(restarted.changesSince(restarted.version().current())).isPresent();
  }

  /** A node's report reads only that node's instances: another node's never vanish with it. */
  @Test
  void aNodesReportEndsOnlyItsOwnVanishedInstances() {
    String other = "http://n2:8775/axis2/services/EucalyptusNC";
    CcInstance elsewhere = new CcInstance("i-9", "i-9", "r-1", "emi-1", null, null, new CcInstance.Machine("m1.small",
        128, 1, 2, List.of()), null, null, "Extant", null, null, null, null, other, null, null, null, List.of());
    cache.applyNodeReport(other, List.of(elsewhere));
    cache.applyNodeReport(NODE, List.of(inst("i-1", "Extant")));
    clock.advance(Duration.ofMinutes(1));
    cache.applyNodeReport(NODE, List.of());
    assertThat(state("i-1")).isEqualTo(InstanceCache.TEARDOWN);
    assertThat(state("i-9")).isEqualTo("Extant");
    cache.applyNodeReport(other, List.of());
    assertThat(state("i-9")).isEqualTo(InstanceCache.TEARDOWN);
  }
}
