package org.eucalyptus.cc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.wsdl.cc.DescribeNodes;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.cc.RunInstances;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instance ids a launch cannot use are the sender's fault, with a reason, before anything is
 * placed: one too short to derive a MAC from was an InternalError (the fuzz's finding), and one
 * named twice launched once and reported the running instance as failed.
 */
@IntegrationTest
class RunInstancesInputTest {
  @TempDir Path tmp;

  @Test
  void unusableInstanceIdsAreRefused() throws Exception {
    try {
      new org.libvirt.Connect("test:///default", false).close();
    } catch (Throwable e) {
      String why = "libvirt is not usable here (" + e + "); apt-get install libvirt0";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    try (NodeController nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1",
        "HYPERVISOR", "test", "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "4", "MAX_MEM", "4096",
        "MAX_DISK", "100", "NC_KEYS_DIR", tmp.resolve("nc-keys").toString()))).start();
         ClusterController cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
             "NODES", "127.0.0.1:" + nc.port(), "CC_STATE_DIR", tmp.resolve("cc").toString(), "NC_POLLING_FREQUENCY",
             "1", "CC_KEYS_DIR", tmp.resolve("cc-keys").toString()))).start()) {
      EucalyptusCCPortType client = SoapClients.create(EucalyptusCCPortType.class, "http://127.0.0.1:" + cc.port()
          + ClusterController.PATH, Duration.ofSeconds(2), Duration.ofSeconds(30));
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (client.describeNodes(new DescribeNodes()).getNodes().stream().noneMatch(n -> n.getState().equals("UP"))) {
        assertThat(System.nanoTime()).as("the node sized").isLessThan(deadline);
        Thread.sleep(100);
      }
      for (List<String> ids : List.of(List.of("x"), List.of(""), List.of("i-"), List.of("i-0A0A0A0A", "i-0A0A0A0A"),
          List.of("i-0B0B0B0B", "i-0B0B0B0B\u0085"))) {
        RunInstances r = ClusterControllerIntegrationTest.run(ids, 1);
        assertThatThrownBy(() -> client.runInstances(r)).as("%s", ids)
            .isInstanceOfSatisfying(EucalyptusFault_Exception.class, e -> {
              assertThat(e.getFaultInfo().getCode()).isEqualTo("InvalidParameterValue");
              assertThat(e.getFaultInfo().getMessage()).containsPattern("is not of the form i-1A2B3C4D|twice");
            });
      }
      assertThat(client.describeInstances(new org.eucalyptus.wsdl.cc.DescribeInstances()).getInstances()).isEmpty();
    }
  }
}
