package org.eucalyptus.common.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import org.eucalyptus.testfixtures.Await;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class CommandRunnerTest {
  final CommandRunner runner = new CommandRunner(Duration.ofSeconds(5));

  @Test
  void runsAnArgumentVectorAndReturnsItsOutput() throws Exception {
    // An argument with spaces and shell characters reaches the command as one argument, unexpanded.
    CommandRunner.Result r = runner.run("printf", "%s|", "a b", "$HOME;rm -rf /");
    assertThat(r.exitStatus()).isZero();
    assertThat(r.stdout()).isEqualTo("a b|$HOME;rm -rf /|");
    assertThat(runner.run(List.of("cat"), "from stdin").stdout()).isEqualTo("from stdin");
  }

  @Test
  void failuresSayWhatTheCommandPrinted() throws Exception {
    assertThatThrownBy(() -> runner.run("sh", "-c", "echo 'no such bridge' >&2; exit 3"))
        .isInstanceOf(CommandRunner.CommandException.class).hasMessage("sh failed (exit 3): no such bridge");
    assertThat(runner.runAllowingFailure(List.of("sh", "-c", "exit 4"), null).exitStatus()).isEqualTo(4);
    assertThatThrownBy(() -> runner.run("/no/such/command"))
        .hasMessageStartingWith("cannot run /no/such/command");
  }

  @Test
  void aHiddenArgumentReachesTheCommandButNeitherTheLogNorTheFailure() throws Exception {
    List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    var appender = new org.apache.logging.log4j.core.appender.AbstractAppender("capture", null, null, true,
        org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY) {
      @Override
      public void append(org.apache.logging.log4j.core.LogEvent e) {
        logged.add(e.getMessage().getFormattedMessage());
      }
    };
    appender.start();
    var logger = (org.apache.logging.log4j.core.Logger) org.apache.logging.log4j.LogManager.getLogger(
        CommandRunner.class);
    org.apache.logging.log4j.Level was = logger.getLevel();
    logger.addAppender(appender);
    logger.setLevel(org.apache.logging.log4j.Level.DEBUG);
    try {
      assertThat(runner.runHiding(List.of("printf", "%s", "pw-S3cret"), null, java.util.Set.of("pw-S3cret"))
          .stdout()).isEqualTo("pw-S3cret");
      assertThatThrownBy(() -> runner.runHiding(List.of("sh", "-c", "echo \"bad $0\" >&2; exit 2", "pw-S3cret"),
          null, java.util.Set.of("pw-S3cret"))).hasMessage("sh failed (exit 2): bad ***");
    } finally {
      logger.removeAppender(appender);
      logger.setLevel(was);
    }
    assertThat(logged).hasSize(2).allSatisfy(line -> assertThat(line).contains("***").doesNotContain("S3cret"));
  }

  @Test
  void aCommandThatHangsIsKilledAtItsTimeLimit() {
    CommandRunner quick = new CommandRunner(Duration.ofMillis(300));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> quick.run("sleep", "30")).hasMessageContaining("did not finish");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aCommandThatLeavesAChildHoldingItsOutputIsDoneWhenItExits() throws Exception {
    // The sleep sh puts in the background inherits stdout and keeps it open after sh exits (sh waits
    // a moment first, so the output is being read, not just drained by the JDK at exit).
    String marker = uniqueSeconds();
    CommandRunner.Result r = assertTimeoutPreemptively(Duration.ofSeconds(8),
        () -> runner.run("sh", "-c", "sleep " + marker + " & echo hi; sleep 0.3"));
    assertThat(r.exitStatus()).isZero();
    assertThat(r.stdout()).isEqualTo("hi\n");
    kill(marker);
  }

  @Test
  void aCommandOutOfTimeIsKilledWithEverythingItStarted() throws Exception {
    CommandRunner quick = new CommandRunner(Duration.ofMillis(500));
    String marker = uniqueSeconds();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> quick.run("sh", "-c", "sleep " + marker + " & sleep " + marker + "; echo never"))
        .hasMessageContaining("did not finish");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    // Killed, they are gone as soon as they are reaped.
    Await.until("the killed command's processes gone", Duration.ofSeconds(5), () -> running(marker).isEmpty());
  }

  @Test
  void aCommandThatDoesNotReadItsInputStillMeetsItsTimeLimit() {
    CommandRunner quick = new CommandRunner(Duration.ofMillis(500));
    String input = "x".repeat(4 << 20); // far more than a pipe holds
    assertTimeoutPreemptively(Duration.ofSeconds(8), () ->
        assertThatThrownBy(() -> quick.run(List.of("sleep", "30"), input)).hasMessageContaining("did not finish"));
  }

  /** A sleep length no other process on the machine has in its command line. */
  private static String uniqueSeconds() {
    return "1000." + (System.nanoTime() & 0xffffff);
  }

  private static List<ProcessHandle> running(String marker) {
    return ProcessHandle.allProcesses()
        .filter(h -> h.info().commandLine().map(c -> c.contains("sleep " + marker)).orElse(false)).toList();
  }

  private static void kill(String marker) {
    running(marker).forEach(ProcessHandle::destroyForcibly);
  }
}
