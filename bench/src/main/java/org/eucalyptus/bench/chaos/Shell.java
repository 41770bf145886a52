package org.eucalyptus.bench.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eucalyptus.common.exec.CommandRunner;

/** Runs a bash script in the source tree (where tools/ and tests/ are), through common's CommandRunner. */
final class Shell {
  private final Path src;

  Shell(Path src) {
    this.src = src;
  }

  /** The script's standard output; a failure or a non-zero exit is an IOException with what it printed. */
  String run(String script, Duration timeout) throws IOException {
    try {
      return new CommandRunner(timeout).run(List.of("bash", "-c", "cd '" + src + "' && " + script), null).stdout();
    } catch (CommandRunner.CommandException e) {
      String out = e.result() == null ? "" : (e.result().stdout() + e.result().stderr()).strip();
      throw new IOException(e.getMessage() + (out.isEmpty() ? "" : "\n" + out), e);
    }
  }

  /** The script's standard output whatever its exit status (for reading state that may not exist). */
  String read(String script) {
    try {
      return new CommandRunner(Duration.ofSeconds(30)).runAllowingFailure(
          List.of("bash", "-c", "cd '" + src + "' && " + script), null).stdout();
    } catch (CommandRunner.CommandException e) {
      return "";
    }
  }
}
