package org.eucalyptus.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster controller's composition root owns what it starts: closed, or failed to start, it leaves no thread. */
@IntegrationTest
class ClusterControllerCloseTest {
  @TempDir Path tmp;

  EucaConf conf(int port) {
    return EucaConf.of(Map.of("CC_PORT", String.valueOf(port), "CC_BIND_ADDR", "127.0.0.1", "NODES", "127.0.0.1:9",
        "CC_STATE_DIR", tmp.resolve("state").toString(), "CC_KEYS_DIR", tmp.resolve("keys").toString()));
  }

  @Test
  @SuppressWarnings("try") // the controller is held open for the block, never called
  void aClosedClusterControllerLeavesNoThreadOfItsOwn() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (ClusterController cc = new ClusterController(conf(0)).start()) {
      assertThat(ours(before)).isNotEmpty(); // its node monitor and housekeeping at least
    }
    assertThat(awaitNone(before)).isEmpty();
  }

  @Test
  void oneThatFailsToStartLeavesNoThreadBehindEither() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      assertThatThrownBy(() -> new ClusterController(conf(taken.getLocalPort())).start());
    }
    assertThat(awaitNone(before)).isEmpty();
  }

  /** The cc- threads that were not there before. */
  private static List<String> ours(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t))
        .map(Thread::getName).filter(n -> n.startsWith("cc-")).toList();
  }

  private static List<String> awaitNone(Set<Thread> before) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!ours(before).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return ours(before);
  }
}
