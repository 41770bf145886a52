package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eucalyptus-cloud} whose port is taken: the failed start leaves no database, port or thread open. */
@IntegrationTest
class CloudStartFailureTest {
  @TempDir Path tmp;

  @Test
  void aTakenPortLeavesNothingOfTheFailedStartBehind() throws Exception {
    startOnATakenPort("CLC_PORT", Map.of());
  }

  @Test
  void aTakenHttpsPortLeavesNothingOfTheFailedStartBehindEither() throws Exception {
    // The plain port opens first; the HTTPS twin's failure must close it, its threads and the rest.
    startOnATakenPort("CLC_HTTPS_PORT", Map.of("CLC_PORT", "0"));
  }

  private void startOnATakenPort(String portKey, Map<String, String> others) throws Exception {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    Path data = tmp.resolve("clc");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Map<String, String> settings = new java.util.HashMap<>(Map.of(portKey, String.valueOf(taken.getLocalPort()),
          "CLC_BIND_ADDR", "127.0.0.1", "CLC_DATA_DIR", data.toString()));
      settings.putAll(others);
      EucaConf conf = EucaConf.of(settings);
      assertThatThrownBy(() -> new CloudMain(conf)).hasMessageContaining(String.valueOf(taken.getLocalPort()));
    }
    // The CLC's H2 (whose lock file names its AUTO_SERVER port) and Walrus's are closed.
    for (Path db : List.of(data.resolve("db"), data.resolve("bukkits/db"))) {
      try (var files = Files.list(db)) {
        assertThat(files.map(p -> p.getFileName().toString())).as("files in " + db).noneMatch(n -> n.endsWith(".lock.db"));
      }
    }
    List<String> left = Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t))
        .map(Thread::getName).toList();
    assertThat(left).as("threads left by the failed start").noneMatch(n -> n.startsWith("clc-") || n.startsWith("walrus-")
        || n.startsWith("H2 TCP Server") || n.contains("housekeeper") || n.startsWith("cloud")
        || n.toLowerCase(java.util.Locale.ROOT).contains("eventloop"));
  }
}
