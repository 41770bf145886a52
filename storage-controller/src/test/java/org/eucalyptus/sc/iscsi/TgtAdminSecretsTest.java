package org.eucalyptus.sc.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CHAP password never shows where the command runner writes: a real tgtd refuses an account made
 * twice, and neither the runner's log lines nor the failure's message carry the password.
 */
@RootTest
class TgtAdminSecretsTest {
  // This helper's tgtd control port and portal (never another test's).
  static final int CONTROL_PORT = 7331;
  static final String PORTAL = "127.0.0.1:13531";
  @TempDir Path tmp;

  @Test
  void aFailingAccountCommandShowsNoPassword() throws Exception {
    HostParts.requireRootAnd("tgtd", "tgtadm");
    StringWriter log = new StringWriter();
    Logger runnerLog = (Logger) LogManager.getLogger(CommandRunner.class);
    WriterAppender appender = WriterAppender.newBuilder().setName("tgtadm-secrets").setTarget(log)
        .setLayout(PatternLayout.newBuilder().setPattern("%m%n").build()).build();
    appender.start();
    Level before = runnerLog.getLevel();
    runnerLog.addAppender(appender);
    runnerLog.setLevel(Level.DEBUG);
    TgtAdmin admin = new TgtAdmin(new CommandRunner(Duration.ofSeconds(10)), CONTROL_PORT);
    String password = "Chap" + Long.toHexString(System.nanoTime());
    TgtDaemon tgtd = TgtDaemon.start(CONTROL_PORT, PORTAL, admin, tmp.resolve("tgtd.log"), tmp.resolve("tgtd.pid"),
        Duration.ofSeconds(20));
    try {
      admin.newAccount("user-secrets", password);
      CommandRunner.CommandException twice = catchThrowableOfType(CommandRunner.CommandException.class,
          () -> admin.newAccount("user-secrets", password));
      assertThat(twice).isNotNull();
      assertThat(twice.getMessage()).startsWith("tgtadm failed (exit ").doesNotContain(password);
      assertThat(log.toString()).doesNotContain(password)
          .contains("--mode account --user user-secrets --password ******: exit 0")
          .containsPattern("--mode account --user user-secrets --password \\*{6}: exit [1-9]");
    } finally {
      tgtd.close();
      runnerLog.removeAppender(appender);
      runnerLog.setLevel(before);
      appender.stop();
    }
  }
}
