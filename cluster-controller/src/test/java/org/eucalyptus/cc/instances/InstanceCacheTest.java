package org.eucalyptus.cc.instances;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.eucalyptus.wsdl.cc.CcInstanceType;
import org.eucalyptus.wsdl.cc.VirtualMachineType;
import org.junit.jupiter.api.Test;

class InstanceCacheTest {
  static final String NODE = "http://n1:8775/axis2/services/EucalyptusNC";

  final MutableClock clock = new MutableClock();
  final InstanceCache cache = new InstanceCache(clock, Duration.ofSeconds(30));

  static CcInstanceType inst(String id, String state) {
    VirtualMachineType t = new VirtualMachineType();
    t.setName("m1.small");
    t.setCores(1);
    t.setMemory(128);
    t.setDisk(2);
    CcInstanceType i = new CcInstanceType();
    i.setInstanceId(id);
    i.setInstanceType(t);
    i.setServiceTag(NODE);
    i.setStateName(state);
    return i;
  }

  String state(String id) {
    return cache.find(id).orElseThrow().getStateName();
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

  @Test
  void aLateLaunchAnswerDoesNotUndoTheNodesReport() {
    cache.applyNodeReport(NODE, List.of(inst("i-1", "Extant")));
    cache.put(inst("i-1", "Pending"));
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
    assertThat(cache.find("i-1").orElseThrow().getStateReason()).contains("no longer reported");
    assertThat(cache.liveOn(NODE)).isEmpty();
  }

  @Test
  void anEndedInstanceIsKeptForTheRetentionThenForgotten() {
    cache.put(inst("i-1", "Extant"));
    cache.markTeardown("i-1", "terminated");
    cache.applyNodeReport(NODE, List.of(inst("i-1", "Extant"))); // a report from before the terminate
    assertThat(state("i-1")).isEqualTo("Teardown");
    clock.advance(Duration.ofSeconds(299));
    cache.purge(Duration.ofSeconds(300));
    assertThat(cache.find("i-1")).isPresent();
    clock.advance(Duration.ofSeconds(2));
    cache.purge(Duration.ofSeconds(300));
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
}
