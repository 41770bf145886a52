package org.eucalyptus.cc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.wsdl.cc.DescribeNodeIdentities;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.cc.InstallNodeCredentials;
import org.eucalyptus.wsdl.cc.NodeIdentityType;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CC says of a node that does not answer is a sentence, not the transport's exception
 * (the fuzz saw {@code <error>ClosedChannelException</error>} in DescribeNodeIdentities).
 */
@IntegrationTest
class DeadNodeWordsTest {
  @TempDir Path tmp;

  @Test
  void aNodeThatDoesNotAnswerIsSaidSoInWords() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort(); // nothing listens there once closed
    }
    try (ClusterController cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
        "NODES", "127.0.0.1:" + dead, "CC_STATE_DIR", tmp.resolve("cc").toString(),
        "CC_KEYS_DIR", tmp.resolve("keys").toString()))).start()) {
      EucalyptusCCPortType client = SoapClients.create(EucalyptusCCPortType.class, "http://127.0.0.1:" + cc.port()
          + ClusterController.PATH, Duration.ofSeconds(2), Duration.ofSeconds(30));
      NodeIdentityType node = client.describeNodeIdentities(new DescribeNodeIdentities()).getNodes().get(0);
      assertThat(node.getError()).isEqualTo("the node does not answer: no connection to it");

      InstallNodeCredentials install = new InstallNodeCredentials();
      install.setHost("127.0.0.1");
      install.setPort(dead);
      install.setCertificate("x");
      install.setCloudCertificate("y");
      assertThatThrownBy(() -> client.installNodeCredentials(install))
          .isInstanceOfSatisfying(EucalyptusFault_Exception.class, e -> {
            assertThat(e.getFaultInfo().getCode()).isEqualTo("NodeRefused");
            assertThat(e.getFaultInfo().getMessage()).isEqualTo(
                "node 127.0.0.1 did not take its credentials: the node does not answer: no connection to it");
          });
    }
  }
}
