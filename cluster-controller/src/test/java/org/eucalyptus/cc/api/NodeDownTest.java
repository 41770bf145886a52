package org.eucalyptus.cc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.wsdl.cc.DescribeInstances;
import org.eucalyptus.wsdl.cc.DescribeResources;
import org.eucalyptus.wsdl.cc.DescribeResourcesResponse;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.cc.RunInstances;
import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node that stops answering goes DOWN without losing its instances, and comes back UP. */
@IntegrationTest
class NodeDownTest {
  @TempDir Path tmp;
  NodeController nc;
  ClusterController cc;

  @BeforeAll
  static void needsLibvirt() {
    try {
      new org.libvirt.Connect("test:///default", false).close();
    } catch (Throwable e) {
      String why = "libvirt is not usable here (" + e + "); apt-get install libvirt0";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
  }

  @AfterEach
  void stop() {
    if (cc != null) {
      cc.close();
    }
    if (nc != null) {
      nc.close();
    }
  }

  NodeController node(int port) throws Exception {
    return new NodeController(EucaConf.of(Map.of("NC_PORT", String.valueOf(port), "NC_BIND_ADDR", "127.0.0.1",
        "HYPERVISOR", "test", "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "4", "MAX_MEM", "4096",
        "MAX_DISK", "100"))).start();
  }

  static String nodeState(EucalyptusCCPortType client) throws Exception {
    DescribeResources d = new DescribeResources();
    d.getInstanceTypes().add(ClusterControllerIntegrationTest.small());
    DescribeResourcesResponse r = client.describeResources(d);
    return r.getNodes().get(0).getState();
  }

  /** Waits up to 30 s: a node cut off mid-call is only noticed when the monitor's call times out. */
  static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  static String quietly(ThrowingSupplier s) {
    try {
      return s.get();
    } catch (Exception e) {
      return e.toString();
    }
  }

  interface ThrowingSupplier {
    String get() throws Exception;
  }

  @Test
  void downNodeKeepsItsInstancesAndComesBack() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    nc = node(port);
    cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
        "NODES", "127.0.0.1:" + port, "NC_POLLING_FREQUENCY", "1"))).start();
    EucalyptusCCPortType client = SoapClients.create(EucalyptusCCPortType.class,
        "http://127.0.0.1:" + cc.port() + ClusterController.PATH, Duration.ofSeconds(2), Duration.ofSeconds(30));
    java.time.Instant started = java.time.Instant.now();
    await("node up", () -> "UP".equals(quietly(() -> nodeState(client))));
    // DescribeNodes says since when a node is in its state (the time its monitor found it so).
    java.time.Instant upSince = stateSince(client);
    assertThat(upSince).isBetween(started.minusMillis(1000), java.time.Instant.now());

    RunInstances run = ClusterControllerIntegrationTest.run(List.of("i-0000D001"), 1);
    client.runInstances(run);
    DescribeInstances d = new DescribeInstances();
    d.getInstanceIds().add("i-0000D001");
    await("instance extant", () -> "Extant".equals(quietly(
        () -> client.describeInstances(d).getInstances().get(0).getStateName())));

    java.time.Instant closed = java.time.Instant.now();
    nc.close();
    nc = null;
    await("node down", () -> "DOWN".equals(quietly(() -> nodeState(client))));
    assertThat(stateSince(client)).isBetween(closed, java.time.Instant.now());
    CcInstanceType kept = client.describeInstances(d).getInstances().get(0);
    assertThat(kept.getStateName()).isEqualTo("Extant");
    assertThat(kept.getServiceTag()).contains(":" + port + "/");
    assertThatThrownBy(() -> client.runInstances(ClusterControllerIntegrationTest.run(List.of("i-0000D002"), 1)))
        .isInstanceOfSatisfying(EucalyptusFault_Exception.class,
            e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("InsufficientInstanceCapacity"));

    java.time.Instant restarted = java.time.Instant.now();
    nc = node(port);
    await("node up again", () -> "UP".equals(quietly(() -> nodeState(client))));
    assertThat(stateSince(client)).isBetween(restarted, java.time.Instant.now());
  }

  static java.time.Instant stateSince(EucalyptusCCPortType client) throws Exception {
    return client.describeNodes(new org.eucalyptus.wsdl.cc.DescribeNodes()).getNodes().get(0).getStateSince()
        .toGregorianCalendar().toInstant();
  }
}
