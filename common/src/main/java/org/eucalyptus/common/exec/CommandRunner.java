package org.eucalyptus.common.exec;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The one way a component runs a host command (qemu-img, mke2fs, ip, iptables-restore, ...): an
 * argument vector, never a shell line, with a time limit; the command line and its exit status
 * are logged, and a failure carries what the command printed on standard error.
 *
 * <p>The time limit covers the whole run, reading the output included. The command runs as the
 * leader of a process group of its own ({@code setsid}), so a command out of time is killed with
 * everything it started. A command that ends while something it left running still holds its
 * output open (a backgrounded child that inherited stdout) is done when it exits: its output is
 * read for a moment longer, then left to the reader threads, which end when the pipe closes.
 */
public final class CommandRunner {
  private static final Logger LOG = LogManager.getLogger(CommandRunner.class);
  private static final int MAX_OUTPUT = 64 * 1024;
  /** How long the output of a command that exited may still take to end. */
  private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final Duration timeout;
  private final boolean ownGroup;

  public CommandRunner(Duration timeout) {
    this.timeout = timeout;
    this.ownGroup = Files.isExecutable(SETSID);
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
    return runHiding(argv, stdin, Set.of());
  }

  /**
   * As {@link #run(List, String)}, for a command that takes a secret (a password) only on its command
   * line: each of {@code hidden} is shown as *** in the logged command line and in a failure's message.
   */
  public Result runHiding(List<String> argv, String stdin, Set<String> hidden) throws CommandException {
    Result r = execute(argv, stdin, hidden);
    if (r.exitStatus() != 0) {
      String err = r.stderr().isBlank() ? r.stdout().strip() : r.stderr().strip();
      throw new CommandException(argv.get(0) + " failed (exit " + r.exitStatus() + ")" + (err.isEmpty() ? ""
          : ": " + hide(last(err, 400), hidden)), r);
    }
    return r;
  }

  public Result run(String... argv) throws CommandException {
    return run(List.of(argv), null);
  }

  /** Runs {@code argv} and returns its result whatever its exit status. */
  public Result runAllowingFailure(List<String> argv, String stdin) throws CommandException {
    return execute(argv, stdin, Set.of());
  }

  private Result execute(List<String> argv, String stdin, Set<String> hidden) throws CommandException {
    String line = hide(String.join(" ", argv), hidden);
    long t0 = System.nanoTime();
    long deadline = t0 + timeout.toNanos();
    if (!executable(argv.get(0))) {
      LOG.warn("exec {}: cannot start: no such command", line);
      throw new CommandException("cannot run " + argv.get(0) + ": no such command", null);
    }
    List<String> command = new ArrayList<>();
    if (ownGroup) {
      // Not a group leader (the JVM's child), setsid execs the command in place: same pid, new group.
      command.add(SETSID.toString());
    }
    command.addAll(argv);
    Process p;
    try {
      p = new ProcessBuilder(command).start();
    } catch (IOException e) {
      LOG.warn("exec {}: cannot start: {}", line, e.getMessage());
      throw new CommandException("cannot run " + argv.get(0) + ": " + e.getMessage(), null);
    }
    Drain out = new Drain(p.getInputStream(), "exec-out");
    Drain err = new Drain(p.getErrorStream(), "exec-err");
    feed(p.getOutputStream(), stdin);
    try {
      if (!p.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)) {
        kill(p);
        out.await(Duration.ofSeconds(1).toNanos());
        LOG.warn("exec {}: killed after {} ms", line, timeout.toMillis());
        throw new CommandException(argv.get(0) + " did not finish within " + timeout.toSeconds() + " s", null);
      }
      long graceEnd = System.nanoTime() + Math.min(remaining(deadline), OUTPUT_GRACE.toNanos());
      boolean outEnded = out.await(graceEnd - System.nanoTime());
      boolean errEnded = err.await(graceEnd - System.nanoTime()); // waited for even when out did not end
      boolean ended = outEnded && errEnded;
      if (!ended) {
        LOG.warn("exec {}: exited, but a process it left running holds its output open; not waiting for it", line);
      }
      Result r = new Result(p.exitValue(), out.text(), err.text());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (r.exitStatus() == 0) {
        LOG.debug("exec {}: exit 0 ({} ms)", line, ms);
      } else {
        LOG.info("exec {}: exit {} ({} ms): {}", line, r.exitStatus(), ms, hide(last(r.stderr().strip(), 200), hidden));
      }
      return r;
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      throw new CommandException("interrupted while running " + argv.get(0), null);
    }
  }

  private static String hide(String text, Set<String> hidden) {
    String out = text;
    for (String h : hidden) {
      if (!h.isEmpty()) {
        out = out.replace(h, "***");
      }
    }
    return out;
  }

  /** Kills the command with its process group and whatever else descends from it. */
  private void kill(Process p) {
    List<ProcessHandle> tree = p.descendants().toList();
    if (ownGroup) {
      try {
        Process k = new ProcessBuilder("kill", "-KILL", "--", "-" + p.pid()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        k.waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        LOG.warn("cannot kill the process group of {}: {}", p.pid(), e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    p.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  /** Writes the input on a thread of its own: a command that does not read it cannot block the caller. */
  private static void feed(OutputStream in, String stdin) {
    if (stdin == null) {
      try {
        in.close();
      } catch (IOException e) {
        // the command is gone already; its status says what happened
      }
      return;
    }
    Thread t = new Thread(() -> {
      try (in) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the command did not read its input; its status says what happened
      }
    }, "exec-in");
    t.setDaemon(true);
    t.start();
  }

  /** Reads a stream to its end on a thread of its own, keeping the first MAX_OUTPUT bytes. */
  private static final class Drain {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final Thread thread;

    Drain(InputStream in, String name) {
      thread = new Thread(() -> {
        byte[] buf = new byte[8192];
        try (in) {
          for (int n; (n = in.read(buf)) >= 0; ) {
            synchronized (kept) {
              kept.write(buf, 0, Math.max(0, Math.min(n, MAX_OUTPUT - kept.size())));
            }
          }
        } catch (IOException e) {
          // the pipe broke: what was read is kept
        }
      }, name);
      thread.setDaemon(true);
      thread.start();
    }

    /** Waits up to {@code nanos} for the end of the stream; false if it is still open. */
    boolean await(long nanos) throws InterruptedException {
      if (nanos > 0) {
        TimeUnit.NANOSECONDS.timedJoin(thread, nanos);
      }
      return !thread.isAlive();
    }

    String text() {
      synchronized (kept) {
        return kept.toString(StandardCharsets.UTF_8);
      }
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  /** Whether {@code name} names an executable file, directly or on PATH. */
  private static boolean executable(String name) {
    if (name.contains("/")) {
      return Files.isExecutable(Path.of(name));
    }
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/sbin:/usr/bin:/sbin:/bin" : path).split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  private static String last(String s, int n) {
    return s.length() <= n ? s : "…" + s.substring(s.length() - n);
  }
}
