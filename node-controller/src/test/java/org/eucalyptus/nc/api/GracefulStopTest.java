package org.eucalyptus.nc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.Libvirt;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstanceResponse;
import org.eucalyptus.wsdl.types.InstanceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean stop on libvirt's test driver, whose guests shut down the moment they are asked: a graceful
 * ncTerminateInstance asks the domain to shut down (it goes at once, long before the 30 s grace) and
 * the instance is torn down with the reason that says so; a terminate still destroys at once.
 */
@IntegrationTest
class GracefulStopTest {
  @TempDir static Path instancePath;
  static NodeController nc;
  static EucalyptusNCPortType client;

  @BeforeAll
  static void start() throws Exception {
    Libvirt.requireOrSkip();
    nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", instancePath.toString(), "MAX_CORES", "4", "MAX_MEM", "2048", "MAX_DISK", "50",
        "NC_MONITOR_MS", "200", "NC_SHUTDOWN_GRACE_SECONDS", "30"))).start();
    client = SoapClients.create(EucalyptusNCPortType.class,
        "http://127.0.0.1:" + nc.port() + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2), Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (nc != null) {
      nc.close();
    }
  }

  static InstanceType describe(String id) throws Exception {
    NcDescribeInstances d = new NcDescribeInstances();
    d.getInstanceIds().add(id);
    return client.ncDescribeInstances(d).getInstances().get(0);
  }

  static void runUntilExtant(String id) throws Exception {
    client.ncRunInstance(NodeControllerSoapTest.run(id, 1));
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!describe(id).getStateName().equals("Extant")) {
      assertThat(System.nanoTime()).as(id + " Extant").isLessThan(end);
      Thread.sleep(50);
    }
  }

  static boolean domainExists(String id) throws Exception {
    org.libvirt.Connect c = new org.libvirt.Connect("test:///default", true);
    try {
      for (int n : c.listDomains()) {
        if (c.domainLookupByID(n).getName().equals(id)) {
          return true;
        }
      }
      return false;
    } finally {
      c.close();
    }
  }

  static NcTerminateInstanceResponse terminate(String id, Boolean graceful) throws Exception {
    NcTerminateInstance t = new NcTerminateInstance();
    t.setInstanceId(id);
    t.setGraceful(graceful);
    return client.ncTerminateInstance(t);
  }

  @Test
  void aGracefulStopAsksTheGuestToShutDownAndEndsOnceItHas() throws Exception {
    String id = "i-57000001";
    runUntilExtant(id);
    long t0 = System.nanoTime();
    NcTerminateInstanceResponse answer = terminate(id, true);
    assertThat(answer.getPreviousState()).isEqualTo("Extant");
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!describe(id).getStateName().equals("Teardown")) {
      assertThat(System.nanoTime()).as("torn down well within the 30 s grace").isLessThan(end);
      Thread.sleep(50);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(describe(id).getStateReason()).isEqualTo("stopped: the guest shut down");
    assertThat(domainExists(id)).isFalse();
    // Sent again (the cloud controller repeats a stop with every report until it is over): nothing changes.
    assertThat(terminate(id, true).getShutdownState()).isEqualTo("Teardown");
    assertThat(describe(id).getStateReason()).isEqualTo("stopped: the guest shut down");
  }

  @Test
  void aTerminateStillDestroysAtOnce() throws Exception {
    String id = "i-57000002";
    runUntilExtant(id);
    NcTerminateInstanceResponse answer = terminate(id, null);
    assertThat(answer.getShutdownState()).isEqualTo("Teardown");
    assertThat(describe(id).getStateReason()).isEqualTo("terminated");
    assertThat(domainExists(id)).isFalse();
  }
}
