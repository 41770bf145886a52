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
  void aSecretArgumentIsMaskedInTheLogAndInAFailure() throws Exception {
    String password = "chap-" + System.nanoTime();
    java.io.StringWriter log = new java.io.StringWriter();
    org.apache.logging.log4j.core.Logger logger = (org.apache.logging.log4j.core.Logger)
        org.apache.logging.log4j.LogManager.getLogger(CommandRunner.class);
    org.apache.logging.log4j.core.appender.WriterAppender appender = org.apache.logging.log4j.core.appender
        .WriterAppender.newBuilder().setName("secrets-test").setTarget(log).setLayout(
            org.apache.logging.log4j.core.layout.PatternLayout.newBuilder().setPattern("%m%n").build()).build();
    appender.start();
    org.apache.logging.log4j.Level before = logger.getLevel();
    logger.addAppender(appender);
    logger.setLevel(org.apache.logging.log4j.Level.DEBUG);
    try {
      // A command that fails and, as some do, repeats its argument in its complaint.
      List<String> argv = List.of("sh", "-c", "echo \"account $1 refused\" >&2; exit 22", "sh", password);
      CommandRunner.CommandException e = org.assertj.core.api.Assertions.catchThrowableOfType(
          CommandRunner.CommandException.class, () -> runner.run(argv, null, Secrets.of(password)));
      assertThat(e).hasMessage("sh failed (exit 22): account ****** refused");
      assertThat(e.result().stderr()).isEqualTo("account ****** refused\n");
      runner.run(List.of("true", password), null, Secrets.of(password));
      assertThat(log.toString()).doesNotContain(password)
          .contains("exec sh -c echo \"account $1 refused\" >&2; exit 22 sh ******: exit 22")
          .contains("exec true ******: exit 0");
    } finally {
      logger.removeAppender(appender);
      logger.setLevel(before);
      appender.stop();
    }
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
