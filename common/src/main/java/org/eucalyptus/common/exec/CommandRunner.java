package org.eucalyptus.common.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The one way a component runs a host command (qemu-img, mke2fs, ip, iptables-restore, ...): an
 * argument vector, never a shell line, with a time limit; the command line and its exit status
 * are logged, and a failure carries what the command printed on standard error.
 */
public final class CommandRunner {
  private static final Logger LOG = LogManager.getLogger(CommandRunner.class);
  private static final int MAX_OUTPUT = 64 * 1024;

  private final Duration timeout;

  public CommandRunner(Duration timeout) {
    this.timeout = timeout;
  }

  /** What a finished command printed, and its exit status. */
  public record Result(int exitStatus, String stdout, String stderr) {}

  /** A command that could not run, failed or ran out of time. */
  public static final class CommandException extends Exception {
    private final Result result;

    CommandException(String message, Result result) {
      super(message);
      this.result = result;
    }

    /** What the command printed, or null if it did not run. */
    public Result result() {
      return result;
    }
  }

  /** Runs {@code argv} with {@code stdin} (may be null) and returns its output; non-zero exit is a failure. */
  public Result run(List<String> argv, String stdin) throws CommandException {
    Result r = runAllowingFailure(argv, stdin);
    if (r.exitStatus() != 0) {
      String err = r.stderr().isBlank() ? r.stdout().strip() : r.stderr().strip();
      throw new CommandException(argv.get(0) + " failed (exit " + r.exitStatus() + ")" + (err.isEmpty() ? ""
          : ": " + last(err, 400)), r);
    }
    return r;
  }

  public Result run(String... argv) throws CommandException {
    return run(List.of(argv), null);
  }

  /** Runs {@code argv} and returns its result whatever its exit status. */
  public Result runAllowingFailure(List<String> argv, String stdin) throws CommandException {
    String line = String.join(" ", argv);
    long t0 = System.nanoTime();
    Process p;
    try {
      p = new ProcessBuilder(argv).start();
    } catch (IOException e) {
      LOG.warn("exec {}: cannot start: {}", line, e.getMessage());
      throw new CommandException("cannot run " + argv.get(0) + ": " + e.getMessage(), null);
    }
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the command did not read its input; its status says what happened
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        LOG.warn("exec {}: killed after {} s", line, timeout.toSeconds());
        throw new CommandException(argv.get(0) + " did not finish within " + timeout.toSeconds() + " s", null);
      }
      Result r = new Result(p.exitValue(), out.get(), err.get());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (r.exitStatus() == 0) {
        LOG.debug("exec {}: exit 0 ({} ms)", line, ms);
      } else {
        LOG.info("exec {}: exit {} ({} ms): {}", line, r.exitStatus(), ms, last(r.stderr().strip(), 200));
      }
      return r;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new CommandException("interrupted while running " + argv.get(0), null);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new CommandException("cannot read the output of " + argv.get(0), null);
    }
  }

  private static String drain(InputStream in) {
    try (in) {
      byte[] b = in.readNBytes(MAX_OUTPUT);
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return new String(b, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String last(String s, int n) {
    return s.length() <= n ? s : "…" + s.substring(s.length() - n);
  }
}
