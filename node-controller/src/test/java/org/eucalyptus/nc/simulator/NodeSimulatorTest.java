package org.eucalyptus.nc.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.Libvirt;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcDescribeResource;
import org.eucalyptus.wsdl.nc.NcDescribeResourceResponse;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.types.NetConfigType;
import org.eucalyptus.wsdl.types.VirtualMachineType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated nodes are nodes of their own: each has its own libvirt host (an instance launched on one
 * is not on another, and each offers the cores and memory it was given), a stopped one does not take
 * the others' shared threads with it, and twenty nodes cost the process far fewer than a thread each.
 */
@IntegrationTest
class NodeSimulatorTest {
  @TempDir Path tmp;
  NodeSimulator sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  static NcRunInstance run(String id, int cores) {
    NcRunInstance r = new NcRunInstance();
    r.setInstanceId(id);
    r.setReservationId("r-51000001");
    r.setImageId("emi-51000001");
    r.setAccountId("123456789012");
    VirtualMachineType t = new VirtualMachineType();
    t.setName("m1.test");
    t.setCores(cores);
    t.setMemory(256);
    t.setDisk(5);
    r.setInstanceType(t);
    NetConfigType net = new NetConfigType();
    net.setPrivateMacAddress("d0:0d:51:00:00:0a");
    r.setNetParams(net);
    return r;
  }

  static EucalyptusNCPortType client(SimulatedNode n) {
    return SoapClients.create(EucalyptusNCPortType.class, "http://" + n.address() + "/axis2/services/EucalyptusNC",
        Duration.ofSeconds(2), Duration.ofSeconds(10));
  }

  @Test
  void eachNodeHasItsOwnHostAndOutlivesAStoppedOne() throws Exception {
    Libvirt.requireOrSkip();
    sim = NodeSimulator.start(new SimulatorOptions(3, "127.0.0.1", 0, tmp, 3, 3072, 30, Map.of()));
    EucalyptusNCPortType first = client(sim.node(0));
    EucalyptusNCPortType second = client(sim.node(1));

    first.ncRunInstance(run("i-5100000a", 2));
    NcDescribeResourceResponse r0 = first.ncDescribeResource(new NcDescribeResource());
    NcDescribeResourceResponse r1 = second.ncDescribeResource(new NcDescribeResource());
    assertThat(List.of(r0.getNumberOfCoresMax(), r0.getNumberOfCoresAvailable(), r0.getMemorySizeMax()))
        .containsExactly(3, 1, 3072);
    assertThat(List.of(r1.getNumberOfCoresMax(), r1.getNumberOfCoresAvailable(), r1.getDiskSizeMax()))
        .containsExactly(3, 3, 30);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (first.ncDescribeInstances(new NcDescribeInstances()).getInstances().stream()
        .noneMatch(i -> i.getStateName().equals("Extant"))) {
      assertThat(System.nanoTime()).as("running on the first node").isLessThan(deadline);
      Thread.sleep(50);
    }
    // The second node's libvirt host is not the first's: it has no such domain (test:///default would).
    assertThat(second.ncDescribeInstances(new NcDescribeInstances()).getInstances()).isEmpty();
    assertThat(second.ncRunInstance(run("i-5100000a", 1)).getInstance().getStateName())
        .isEqualTo("Pending");

    String third = sim.node(2).address();
    sim.node(2).stop();
    assertThatThrownBy(() -> client(sim.node(2)).ncDescribeResource(new NcDescribeResource()))
        .hasMessageContaining("Could not send");
    // The others still answer, on the threads they share with the stopped one.
    assertThat(first.ncDescribeResource(new NcDescribeResource()).getNumberOfCoresAvailable()).isEqualTo(1);
    sim.node(2).start();
    assertThat(sim.node(2).address()).isEqualTo(third);
    assertThat(client(sim.node(2)).ncDescribeResource(new NcDescribeResource()).getNumberOfCoresMax()).isEqualTo(3);
  }

  @Test
  void commandsOnStandardInputStopAndStartNodes() throws Exception {
    Libvirt.requireOrSkip();
    sim = NodeSimulator.start(new SimulatorOptions(3, "127.0.0.1", 0, tmp, 2, 2048, 20, Map.of()));
    java.io.ByteArrayOutputStream answers = new java.io.ByteArrayOutputStream();
    SimulatorControl control = new SimulatorControl(sim, new java.io.PrintStream(answers, true,
        java.nio.charset.StandardCharsets.UTF_8));
    control.serve(new java.io.ByteArrayInputStream("stop 0-1\n\nstop 3\nreboot 1\nstop x\n"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(answers.toString(java.nio.charset.StandardCharsets.UTF_8).lines()).containsExactly(
        "node-simulator: stopped 0-1", "node-simulator: error: no nodes 3 here (0-2)",
        "node-simulator: error: unknown command 'reboot' (stop or start)",
        "node-simulator: error: 'x' is not a node number or range");
    assertThat(List.of(sim.node(0).running(), sim.node(1).running(), sim.node(2).running()))
        .containsExactly(false, false, true);
    assertThatThrownBy(() -> client(sim.node(1)).ncDescribeResource(new NcDescribeResource()))
        .hasMessageContaining("Could not send");
    assertThat(control.execute("start 1")).isEqualTo("started 1");
    assertThat(client(sim.node(1)).ncDescribeResource(new NcDescribeResource()).getNumberOfCoresMax()).isEqualTo(2);
  }

  @Test
  void twentyNodesShareTheirThreads() throws Exception {
    Libvirt.requireOrSkip();
    int before = ManagementFactory.getThreadMXBean().getThreadCount();
    sim = NodeSimulator.start(new SimulatorOptions(20, "127.0.0.1", 0, tmp, 2, 2048, 20, Map.of()));
    int grown = ManagementFactory.getThreadMXBean().getThreadCount() - before;
    // A node controller on its own starts an event loop, a monitor and an image client's selector at least.
    assertThat(grown).as("threads made for 20 nodes").isLessThan(20);
  }
}
