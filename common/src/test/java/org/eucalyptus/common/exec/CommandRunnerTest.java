package org.eucalyptus.common.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

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
  void aCommandThatHangsIsKilledAtItsTimeLimit() {
    CommandRunner quick = new CommandRunner(Duration.ofMillis(300));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> quick.run("sleep", "30")).hasMessageContaining("did not finish");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }
}
