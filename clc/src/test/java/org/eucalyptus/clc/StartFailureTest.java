package org.eucalyptus.clc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cloud controller whose start fails part way closes what it had opened. */
@IntegrationTest
class StartFailureTest {
  @TempDir Path tmp;

  @Test
  void aStartThatFailsAfterTheDatabaseOpenedLeavesNoDatabaseOpen() throws Exception {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    Path data = tmp.resolve("clc");
    // The CA's directory cannot be made: the start fails after the database was opened and migrated.
    Files.createDirectories(data);
    Files.writeString(data.resolve("keys"), "not a directory");
    CloudController clc = new CloudController(EucaConf.of(Map.of("CLC_DATA_DIR", data.toString())));
    assertThatThrownBy(clc::start).isInstanceOf(IllegalStateException.class);

    // The embedded database is closed: H2 removes its lock file (which names its AUTO_SERVER port) on
    // close, and its TCP server and the connection pool's threads are gone.
    try (var files = Files.list(data.resolve("db"))) {
      assertThat(files.map(p -> p.getFileName().toString())).as("H2 files").noneMatch(n -> n.endsWith(".lock.db"));
    }
    // The pool's housekeeper is told to stop on close and ends a moment later (HikariCP does not wait
    // for it): a thread that is ending is not one left behind, so it gets a few seconds.
    java.util.function.Predicate<String> ours = n -> n.startsWith("clc-") || n.startsWith("H2 TCP Server")
        || n.contains("housekeeper");
    try {
      org.eucalyptus.testfixtures.Await.until("the failed start's threads ended", java.time.Duration.ofSeconds(5),
          () -> threadsSince(before).stream().noneMatch(ours));
    } catch (AssertionError e) {
      // said below, with the threads' names
    }
    assertThat(threadsSince(before)).as("threads left by the failed start").noneMatch(ours);

    // And the same data directory starts cleanly once the problem is gone.
    Files.delete(data.resolve("keys"));
    try (CloudController again = new CloudController(EucaConf.of(Map.of("CLC_DATA_DIR", data.toString()))).start()) {
      assertThat(again.admin().admin()).isTrue();
    }
  }

  private static List<String> threadsSince(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t))
        .map(Thread::getName).toList();
  }
}
