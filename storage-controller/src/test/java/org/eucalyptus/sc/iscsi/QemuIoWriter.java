package org.eucalyptus.sc.iscsi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * QEMU's own iSCSI initiator (qemu-io on an iscsi:// URL, the block driver a node's guests use)
 * writing numbered 4 KiB blocks, one at a time, each acknowledged before the next is sent: step
 * {@code s} writes block {@code s / 2} of the front region (even steps) or of the back region (odd
 * steps), so a copy read front to back while they go on holds later back blocks than front ones.
 */
final class QemuIoWriter implements AutoCloseable {
  static final int BLOCK = 4096;

  private final long backOffset;
  private final Process qemuIo;
  private final Writer commands;
  private final BufferedReader answers;
  private final Thread thread;
  private final AtomicLong issued = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong longestNanos = new AtomicLong();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final List<String> notices = new CopyOnWriteArrayList<>();
  private volatile boolean stop;

  QemuIoWriter(String url, long backOffset) throws IOException {
    this.backOffset = backOffset;
    qemuIo = new ProcessBuilder("qemu-io", "-f", "raw", url).redirectErrorStream(true).start();
    commands = new OutputStreamWriter(qemuIo.getOutputStream(), StandardCharsets.US_ASCII);
    answers = new BufferedReader(new InputStreamReader(qemuIo.getInputStream(), StandardCharsets.US_ASCII));
    thread = new Thread(this::run, "qemu-io-writer");
    thread.start();
  }

  static long offset(long step, long backOffset) {
    return (step % 2 == 0 ? 0 : backOffset) + (step / 2) * BLOCK;
  }

  static int pattern(long step) {
    return (int) (step % 251) + 1;
  }

  private void run() {
    try {
      for (long s = 0; !stop; s++) {
        long t0 = System.nanoTime();
        issued.set(s + 1);
        commands.write("write -P " + pattern(s) + " " + offset(s, backOffset) + " " + BLOCK + "\n");
        commands.flush();
        while (true) {
          String line = answers.readLine();
          if (line == null) {
            errors.add("qemu-io ended");
            return;
          }
          if (line.contains("wrote " + BLOCK + "/" + BLOCK)) {
            break;
          }
          if (line.contains("failed") || line.contains("can't open")) {
            errors.add("step " + s + ": " + line);
            return;
          }
          if (!line.isBlank() && !line.contains(" ops; ")) {
            notices.add("step " + s + ": " + line);
          }
        }
        longestNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
        acknowledged.set(s + 1);
      }
    } catch (IOException e) {
      errors.add(e.toString());
    }
  }

  /** Steps sent so far: none after this number was written before this call. */
  long issued() {
    return issued.get();
  }

  /** Steps acknowledged: every one below this number is on the target. */
  long acknowledged() {
    return acknowledged.get();
  }

  long longestMillis() {
    return longestNanos.get() / 1_000_000;
  }

  List<String> errors() {
    return errors;
  }

  /** What the initiator printed besides its answers (e.g. the unit attention after a reconnect). */
  List<String> notices() {
    return notices;
  }

  @Override
  public void close() throws IOException {
    stop = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(60));
      try {
        commands.close();
      } catch (IOException e) {
        // qemu-io is gone already
      }
      if (!qemuIo.waitFor(10, TimeUnit.SECONDS)) {
        qemuIo.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      qemuIo.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
