package org.eucalyptus.cc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** Why a call to a node failed, in the words the cloud shows (a node's identity error, a launch's reason). */
@UnitTest
class ClusterFaultsTest {
  @Test
  void aTimeoutIsSaidSoWhateverClosingTheConnectionThrewBeneathIt() {
    // What the JDK's HTTP client threw in CI for a wedged node: the timeout, with the close it caused as cause.
    HttpTimeoutException timeout = new HttpTimeoutException("request timed out");
    timeout.initCause(new IOException("HTTP/1.1 header parser received no bytes",
        new IOException("connection closed locally")));
    assertThat(ClusterFaults.brief(new RuntimeException(new IOException("IOException invoking", timeout))))
        .isEqualTo("the node did not answer in time");
  }

  @Test
  void otherFailuresKeepTheirWords() {
    assertThat(ClusterFaults.brief(new RuntimeException(new ConnectException("Connection refused"))))
        .isEqualTo("the node does not answer: no connection to it");
    assertThat(ClusterFaults.brief(new RuntimeException(new IOException("connection reset"))))
        .isEqualTo("the connection to the node failed");
  }
}
