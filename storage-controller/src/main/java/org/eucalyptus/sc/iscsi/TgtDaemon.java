package org.eucalyptus.sc.iscsi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A tgtd of the storage controller's own (SC_START_TGTD=Y: cloud-in-a-box and tests), in the
 * foreground as a child: {@code tgtd -f -C <control port> --iscsi portal=<host:port>}. Started, it
 * waits until tgtadm answers on the control port; closed, it kills the daemon (targets it held are
 * gone with it and made again from the database at the next start).
 */
public final class TgtDaemon implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(TgtDaemon.class);
  private final Process process;

  private TgtDaemon(Process process) {
    this.process = process;
  }

  /** Starts tgtd; {@code log} receives its output. */
  public static TgtDaemon start(int controlPort, String portal, TgtAdmin admin, Path log, Duration wait)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of("tgtd", "-f", "-C", String.valueOf(controlPort), "--iscsi",
        "portal=" + portal)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    TgtDaemon d = new TgtDaemon(p);
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

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
