package org.eucalyptus.sc.iscsi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A tgtd of the storage controller's own (SC_START_TGTD=Y: cloud-in-a-box and tests), in the
 * foreground as a child: {@code tgtd -f -C <control port> --iscsi portal=<host:port>}. Started, it
 * waits until tgtadm answers on the control port; closed, it kills the daemon (targets it held are
 * gone with it and made again from the database at the next start). Its pid is kept in a file, so
 * a tgtd left running by a storage controller killed with -9 is ended at the next start, not adopted.
 */
public final class TgtDaemon implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(TgtDaemon.class);
  /**
   * tgtd takes a fresh buffer for each command's data (valloc of up to the command's length, 1 MiB
   * for a guest's large reads and writes), which glibc maps and unmaps each time above 128 KiB: every
   * page of every command was faulted in anew, tgtd's largest cost (perf, bench/ebs). Served from
   * the heap and kept there (up to 128 MiB) instead, the buffers are reused.
   */
  static final String MALLOC_TUNABLES = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=134217728";
  private final Process process;
  private final Path pidFile;

  private TgtDaemon(Process process, Path pidFile) {
    this.process = process;
    this.pidFile = pidFile;
  }

  /** Starts tgtd; {@code log} receives its output, {@code pidFile} its pid. */
  public static TgtDaemon start(int controlPort, String portal, TgtAdmin admin, Path log, Path pidFile,
      Duration wait) throws IOException, InterruptedException {
    endLeftover(pidFile);
    if (admin.answers()) {
      // Another tgtd holds the port: ours could not start, and tgtadm would reach the other one.
      throw new IOException("a tgtd already answers on control port " + controlPort + " (SC_TGT_CONTROL_PORT):"
          + " stop it, or set SC_START_TGTD=N to use it");
    }
    ProcessBuilder b = new ProcessBuilder(List.of("tgtd", "-f", "-C", String.valueOf(controlPort), "--iscsi",
        "portal=" + portal)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    b.environment().merge("GLIBC_TUNABLES", MALLOC_TUNABLES, (mine, ours) -> mine + ":" + ours);
    Process p = b.start();
    Files.writeString(pidFile, Long.toString(p.pid()));
    TgtDaemon d = new TgtDaemon(p, pidFile);
    long deadline = System.nanoTime() + wait.toNanos();
    while (!admin.answers()) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        d.close();
        throw new IOException("tgtd did not start on control port " + controlPort + " with portal " + portal
            + " (see " + log + ")");
      }
      Thread.sleep(50);
    }
    LOG.info("tgtd started (pid {}, control port {}, portal {})", p.pid(), controlPort, portal);
    return d;
  }

  public long pid() {
    return process.pid();
  }

  /** The tgtd a killed storage controller left running (its pid in the file), ended. */
  private static void endLeftover(Path pidFile) throws IOException, InterruptedException {
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).strip());
    } catch (NumberFormatException e) {
      Files.delete(pidFile);
      return;
    }
    Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(ph -> ph.info().command().map(c -> c.endsWith("/tgtd") || c.equals("tgtd")).orElse(false));
    if (h.isPresent()) {
      LOG.info("ending tgtd {} left by an earlier run", pid);
      h.get().destroyForcibly();
      try {
        h.get().onExit().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IOException("tgtd " + pid + " left by an earlier run does not end", e);
      }
    }
    Files.delete(pidFile);
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(pidFile);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", pidFile, e.getMessage());
    }
  }
}
