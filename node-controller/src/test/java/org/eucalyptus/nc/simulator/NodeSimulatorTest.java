package org.eucalyptus.nc.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.common.soap.security.WsSecurity;
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
    // Each node made its own key pair as it started, before anyone asked who it is.
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (int i = 0; i < 3; i++) {
      keys.add(java.nio.file.Files.readString(tmp.resolve("node-" + i).resolve("keys").resolve("node-pk.pem")));
    }
    assertThat(keys).hasSize(3);
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

  /**
   * A cloud CA of the test's own, and one node key pair with a certificate it issued: written into
   * every node's keys directory before it starts, so that each starts enrolled (as a restarted node does).
   */
  record Enrolment(KeyPair ca, X509Certificate caCert, KeyPair node, X509Certificate nodeCert) {
    static Enrolment make() throws Exception {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      KeyPair ca = g.generateKeyPair();
      KeyPair node = g.generateKeyPair();
      X500Name caName = new X500Name("CN=simulated cloud, O=Eucalyptus");
      X509Certificate caCert = certificate(caName, caName, ca.getPublic(), ca, true);
      X509Certificate nodeCert = certificate(caName,
          new X500Name(ComponentIdentity.subject(ComponentIdentity.NODE, "127.0.0.1")), node.getPublic(), ca, false);
      return new Enrolment(ca, caCert, node, nodeCert);
    }

    private static X509Certificate certificate(X500Name issuer, X500Name subject, PublicKey key, KeyPair signer,
        boolean isCa) throws Exception {
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
          Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), subject, key);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    }

    /** Node {@code i}'s keys under {@code dataDir}, as an enrolled node keeps them. */
    void install(Path dataDir, int i) throws IOException {
      Path keys = dataDir.resolve("node-" + i).resolve("keys");
      Files.createDirectories(keys);
      Files.writeString(keys.resolve("node-pk.pem"), Pem.write(node.getPrivate()));
      Files.writeString(keys.resolve("node-cert.pem"), Pem.write(nodeCert));
      Files.writeString(keys.resolve("cloud-cert.pem"), Pem.write(caCert));
    }

    /** A client of node {@code n} signing as the cloud controller does (with the CA's own key). */
    EucalyptusNCPortType client(SimulatedNode n) {
      SigningIdentity cloud = new SigningIdentity(ca.getPrivate(), caCert, caCert);
      return WsSecurity.signing(NodeSimulatorTest.client(n), () -> Optional.of(cloud));
    }
  }

  static long openFds() throws IOException {
    try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  /** {@code nodes} enrolled nodes under {@code dir}, each called once, signed; the open descriptors after. */
  NodeSimulator enrolledAndCalled(Enrolment cloud, int nodes, Path dir) throws Exception {
    for (int i = 0; i < nodes; i++) {
      cloud.install(dir, i);
    }
    NodeSimulator s = NodeSimulator.start(new SimulatorOptions(nodes, "127.0.0.1", 0, dir, 2, 2048, 20, Map.of()));
    try {
      for (int i = 0; i < nodes; i++) {
        assertThat(cloud.client(s.node(i)).ncDescribeResource(new NcDescribeResource()).getNumberOfCoresMax())
            .isEqualTo(2);
      }
      // Unsigned, an enrolled node refuses: the calls above passed its signature check.
      assertThatThrownBy(() -> client(s.node(0)).ncDescribeResource(new NcDescribeResource()))
          .hasMessageContaining("not signed");
      return s;
    } catch (Exception | AssertionError e) {
      s.close();
      throw e;
    }
  }

  @Test
  void aSignedNodeCostsAFewDescriptors() throws Exception {
    Libvirt.requireOrSkip();
    Enrolment cloud = Enrolment.make();
    // One node first: what the process opens once (the jars, a signature check's first use) is not a node's.
    enrolledAndCalled(cloud, 1, tmp.resolve("one")).close();
    long before = openFds();
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    int n = 50;
    sim = enrolledAndCalled(cloud, n, tmp.resolve("fifty"));
    double perNode = (openFds() - before) / (double) n;
    int threads = ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore;
    System.out.printf("%d enrolled nodes, each called signed: %.2f open descriptors and %.2f threads per node%n",
        n, perNode, threads / (double) n);
    // Its port, the caller's connection to it (both ends in this process) and little else: CXF's own
    // replay cache held 33 files (and threads) per node once a signed call came.
    assertThat(perNode).as("descriptors per node").isLessThan(6);
    assertThat(threads).as("threads made for " + n + " nodes").isLessThan(n / 5);
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
