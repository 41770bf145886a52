package org.eucalyptus.cc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.cc.nodes.FreezableRelay;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.testfixtures.Await;
import org.eucalyptus.wsdl.cc.DescribeNodeIdentities;
import org.eucalyptus.wsdl.cc.DescribeNodes;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.cc.InstallNodeCredentials;
import org.eucalyptus.wsdl.cc.NodeIdentityType;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enrolment of many nodes (issue 20): the cluster controller asks its nodes for their identities all
 * at once, each within its own deadline, so a node that takes TCP and never answers (wedged) does
 * not hold up the others, and the answer does not wait for node after node making its key. Real
 * node controllers on the libvirt test driver, each with keys of its own made at the first ask.
 */
@IntegrationTest
class NodeIdentitiesAtScaleTest {
  static final int NODES = 30;
  /** The wedged node's deadline, and some seconds for the others' key making on a loaded machine. */
  static final Duration BOUND = TrustHandlers.NODE_ANSWER_WAIT.plusSeconds(10);
  @TempDir Path tmp;

  private static void requireLibvirt() {
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

  private NodeController node(int port, String keys) throws Exception {
    return new NodeController(EucaConf.of(Map.of("NC_PORT", String.valueOf(port), "NC_BIND_ADDR", "127.0.0.1",
        "HYPERVISOR", "test", "INSTANCE_PATH", tmp.resolve("kept-nc").toString(),
        "NC_KEYS_DIR", tmp.resolve(keys).toString(), "MAX_CORES", "4", "MAX_MEM", "4096", "MAX_DISK", "100"))).start();
  }

  /**
   * The cloud asks every node's identity every few seconds; the cluster controller asks a node again
   * only when it may have changed: after the node was down (a restarted node controller, perhaps
   * with new keys) or credentials were installed through it. Before, each round was a signed call
   * to every node, most of what an idle cluster controller did.
   */
  @Test
  void aNodesIdentityIsAskedAgainOnlyWhenItMayHaveChanged() throws Exception {
    requireLibvirt();
    NodeController nc = node(0, "keys-1");
    int ncPort = nc.port();
    try (FreezableRelay relay = new FreezableRelay(ncPort)) {
      Map<String, String> conf = new HashMap<>(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
          "NODES", "127.0.0.1:" + relay.port(), "CC_NODE_TIMEOUT_SEC", "2",
          "CC_STATE_DIR", tmp.resolve("kept-cc").toString(), "CC_KEYS_DIR", tmp.resolve("kept-cc-keys").toString()));
      try (ClusterController cc = new ClusterController(EucaConf.of(conf)).start()) {
        EucalyptusCCPortType client = SoapClients.create(EucalyptusCCPortType.class, "http://127.0.0.1:"
            + cc.port() + ClusterController.PATH, Duration.ofSeconds(2), Duration.ofSeconds(60));
        Await.until("the node is up", Duration.ofSeconds(20), () -> "UP".equals(state(client)));
        String key = identity(client).getPublicKey();
        int asked = relay.requests("ncDescribeIdentity");
        for (int i = 0; i < 3; i++) {
          assertThat(identity(client).getPublicKey()).isEqualTo(key);
        }
        assertThat(relay.requests("ncDescribeIdentity")).as("rounds while the node stayed up").isEqualTo(asked);

        // Credentials installed through the cluster controller (refused here: not a certificate): asked again.
        InstallNodeCredentials install = new InstallNodeCredentials();
        install.setHost("127.0.0.1");
        install.setPort(relay.port());
        install.setCertificate("x");
        install.setCloudCertificate("y");
        assertThatThrownBy(() -> client.installNodeCredentials(install)).isInstanceOf(EucalyptusFault_Exception.class);
        assertThat(identity(client).getPublicKey()).isEqualTo(key);
        assertThat(relay.requests("ncDescribeIdentity")).isEqualTo(asked + 1);

        // The node controller restarts with new keys: the cluster controller saw it down, and asks again.
        nc.close();
        Await.until("the node is down", Duration.ofSeconds(20), () -> "DOWN".equals(state(client)));
        nc = node(ncPort, "keys-2");
        Await.until("the node is up again", Duration.ofSeconds(30), () -> "UP".equals(state(client)));
        assertThat(identity(client).getPublicKey()).startsWith("-----BEGIN PUBLIC KEY-----").isNotEqualTo(key);
      }
    } finally {
      nc.close();
    }
  }

  private static String state(EucalyptusCCPortType client) {
    try {
      return client.describeNodes(new DescribeNodes()).getNodes().get(0).getState();
    } catch (EucalyptusFault_Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static NodeIdentityType identity(EucalyptusCCPortType client) throws Exception {
    NodeIdentityType id = client.describeNodeIdentities(new DescribeNodeIdentities()).getNodes().get(0);
    assertThat(id.getError()).isNull();
    return id;
  }

  @Test
  void aWedgedNodeDoesNotHoldUpTheOthersIdentitiesNorItsCertificate() throws Exception {
    requireLibvirt();
    List<NodeController> ncs = new ArrayList<>();
    try {
      for (int i = 0; i <= NODES; i++) {
        ncs.add(new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1",
            "HYPERVISOR", "test", "INSTANCE_PATH", tmp.resolve("nc" + i).toString(),
            "NC_KEYS_DIR", tmp.resolve("nc" + i + "-keys").toString(), "MAX_CORES", "4", "MAX_MEM", "4096",
            "MAX_DISK", "100"))).start());
      }
      try (FreezableRelay wedged = new FreezableRelay(ncs.get(NODES).port())) {
        wedged.freeze();
        List<Integer> ports = new ArrayList<>();
        ports.add(wedged.port()); // first: asked one after another, it would hold up every other node
        ncs.subList(0, NODES).forEach(n -> ports.add(n.port()));
        Map<String, String> conf = new HashMap<>(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
            "NODES", ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(" ")),
            "CC_STATE_DIR", tmp.resolve("cc").toString(), "CC_KEYS_DIR", tmp.resolve("cc-keys").toString()));
        try (ClusterController cc = new ClusterController(EucaConf.of(conf)).start()) {
          EucalyptusCCPortType client = SoapClients.create(EucalyptusCCPortType.class, "http://127.0.0.1:"
              + cc.port() + ClusterController.PATH, Duration.ofSeconds(2), Duration.ofSeconds(120));

          // First round: every node makes its key now (real work, all on this machine's CPUs). A node that
          // is late is said so, and is enrolled at the cloud's next round, as a node that was down.
          long t0 = System.nanoTime();
          List<NodeIdentityType> ids = client.describeNodeIdentities(new DescribeNodeIdentities()).getNodes();
          long tookMs = (System.nanoTime() - t0) / 1_000_000;
          long answered = ids.stream().filter(n -> n.getPublicKey() != null).count();
          System.out.printf("DescribeNodeIdentities of %d nodes making their keys, one wedged: %d ms, %d keys%n",
              NODES + 1, tookMs, answered);
          assertThat(tookMs).isLessThan(BOUND.toMillis());
          assertThat(ids).hasSize(NODES + 1);
          assertThat(ids.get(0).getPort()).isEqualTo(wedged.port());
          assertThat(ids.get(0).getError()).isEqualTo("the node did not answer in time");
          assertThat(ids.subList(1, ids.size())).allSatisfy(n -> assertThat(n.getError())
              .as("node %d", n.getPort()).isIn(null, "the node did not answer in time"));

          // Next round: the keys are made; all but the wedged node answer, within its deadline.
          t0 = System.nanoTime();
          ids = client.describeNodeIdentities(new DescribeNodeIdentities()).getNodes();
          tookMs = (System.nanoTime() - t0) / 1_000_000;
          System.out.printf("again: %d ms%n", tookMs);
          assertThat(tookMs).isLessThan(BOUND.toMillis());
          assertThat(ids.get(0).getError()).isEqualTo("the node did not answer in time");
          assertThat(ids.subList(1, ids.size())).allSatisfy(n -> {
            assertThat(n.getError()).as("node %d", n.getPort()).isNull();
            assertThat(n.getPublicKey()).as("node %d", n.getPort()).startsWith("-----BEGIN PUBLIC KEY-----");
          });

          InstallNodeCredentials install = new InstallNodeCredentials();
          install.setHost("127.0.0.1");
          install.setPort(wedged.port());
          install.setCertificate("x");
          install.setCloudCertificate("y");
          long t1 = System.nanoTime();
          assertThatThrownBy(() -> client.installNodeCredentials(install))
              .isInstanceOfSatisfying(EucalyptusFault_Exception.class, e -> assertThat(e.getFaultInfo().getMessage())
                  .isEqualTo("node 127.0.0.1 did not take its credentials: the node did not answer in time"));
          assertThat((System.nanoTime() - t1) / 1_000_000).isLessThan(BOUND.toMillis());
        }
      }
    } finally {
      ncs.forEach(NodeController::close);
    }
  }
}
