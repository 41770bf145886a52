package org.eucalyptus.cc.instances;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.VirtualMachineType;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
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

  /** Instances launched when ids were upper case keep them on their nodes; the CLC now names them in lower case. */
  @Test
  void anInstanceIsFoundByItsIdInAnyCase() {
    cache.applyNodeReport(NODE, List.of(inst("i-0BAD0001", "Extant")));
    assertThat(cache.find("i-0bad0001")).map(CcInstanceType::getInstanceId).contains("i-0BAD0001");
    assertThat(cache.find("i-0bad0002")).isEmpty();
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

  @Test
  void whatTheCacheHandsOutStaysAsItWasWhenTheCacheChangesLater() {
    cache.put(inst("i-1", "Extant"));
    CcInstanceType found = cache.find("i-1").orElseThrow();
    List<CcInstanceType> listed = cache.snapshot(List.of());
    List<CcInstanceType> live = cache.liveOn(NODE);
    cache.markTeardown("i-1", "terminated");
    // (CXF may be marshalling these on another thread: a half-changed instance would go out.)
    for (CcInstanceType i : List.of(found, listed.get(0), live.get(0))) {
      assertThat(i.getStateName()).isEqualTo("Extant");
      assertThat(i.getStateReason()).isNull();
    }
    assertThat(state("i-1")).isEqualTo(InstanceCache.TEARDOWN);

    cache.put(inst("i-2", "Extant"));
    CcInstanceType before = cache.find("i-2").orElseThrow();
    clock.advance(Duration.ofMinutes(1));
    cache.applyNodeReport(NODE, List.of()); // the node stopped listing it
    assertThat(before.getStateName()).isEqualTo("Extant");
    assertThat(state("i-2")).isEqualTo(InstanceCache.TEARDOWN);
  }

  @Test
  void whatOthersDoWithTheirObjectsDoesNotChangeTheCache() {
    CcInstanceType launched = inst("i-1", "Pending");
    cache.put(launched);
    launched.setStateName("Extant"); // the launch answer, changed by its owner afterwards
    cache.find("i-1").orElseThrow().setStateName("Garbage"); // a reader changing what it got
    cache.snapshot(List.of()).get(0).getInstanceType().setCores(64);
    assertThat(state("i-1")).isEqualTo("Pending");
    assertThat(cache.find("i-1").orElseThrow().getInstanceType().getCores()).isEqualTo(1);
  }

  @Test
  void aCopyCarriesEveryField() throws Exception {
    CcInstanceType full = filled(CcInstanceType.class);
    assertThat(InstanceCopies.of(full)).usingRecursiveComparison().isEqualTo(full);
    assertThat(InstanceCopies.of(full).getNetParams()).isNotSameAs(full.getNetParams());
  }

  /** An object of a generated type with every property set (lists with one element), recursively. */
  @SuppressWarnings("unchecked")
  static <T> T filled(Class<T> type) throws Exception {
    T o = type.getDeclaredConstructor().newInstance();
    int n = 1;
    for (java.lang.reflect.Field f : type.getDeclaredFields()) {
      Class<?> t = f.getType();
      f.setAccessible(true);
      n++;
      if (t == String.class) {
        f.set(o, f.getName() + "-value");
      } else if (t == int.class || t == Integer.class) {
        f.set(o, n);
      } else if (t == long.class || t == Long.class) {
        f.set(o, (long) n);
      } else if (t == javax.xml.datatype.XMLGregorianCalendar.class) {
        f.set(o, javax.xml.datatype.DatatypeFactory.newInstance().newXMLGregorianCalendar("2026-12-04T21:00:00Z"));
      } else if (t == List.class) {
        var element = (Class<?>) ((java.lang.reflect.ParameterizedType) f.getGenericType()).getActualTypeArguments()[0];
        List<Object> l = new java.util.ArrayList<>();
        l.add(element == String.class ? f.getName() + "-element" : filled(element));
        f.set(o, l);
      } else if (t.getPackageName().startsWith("org.eucalyptus.wsdl")) {
        f.set(o, filled(t));
      } else {
        throw new AssertionError("no value for " + type.getSimpleName() + "." + f.getName() + " of " + t);
      }
    }
    return o;
  }
}
