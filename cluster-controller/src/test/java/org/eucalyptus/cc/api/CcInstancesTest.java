package org.eucalyptus.cc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eucalyptus.cc.instances.CcInstance;
import org.eucalyptus.cc.nodes.NodeInstances;
import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.InstanceType;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** An instance crosses the CC's edges whole: the node's report into the model, the model into the CC's answer. */
@UnitTest
class CcInstancesTest {
  @Test
  void everyFieldANodeReportsReachesTheClustersAnswer() throws Exception {
    InstanceType reported = filled(InstanceType.class);

    CcInstance model = NodeInstances.of(reported, "http://n1:8775/axis2/services/EucalyptusNC");
    CcInstanceType answer = CcInstances.toWire(model);

    // The two types share their fields but for the NC's userId and the CC's serviceTag; CHAP logins
    // are the node's alone (sealed for it), so reports carry them no further.
    assertThat(answer).usingRecursiveComparison().ignoringFields("serviceTag", "volumes.chapUser",
        "volumes.chapPassword", "instanceType.virtualBootRecord.chapUser", "instanceType.virtualBootRecord.chapPassword")
        .ignoringExpectedNullFields()
        .isEqualTo(reported);
    assertThat(answer.getServiceTag()).isEqualTo("http://n1:8775/axis2/services/EucalyptusNC");
    assertThat(CcInstances.toWire(model)).usingRecursiveComparison().isEqualTo(answer);
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
