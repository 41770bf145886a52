package org.eucalyptus.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Counts a process's open file descriptors (/proc/PID/fd) every so often, on a thread of its own. */
final class FdSampler {
  /** The fewest and most descriptors seen, and the last count. */
  record Range(int min, int max, int last, int samples) {}

  private final Path fdDir;
  private final long intervalMs;
  private final Thread thread;
  private volatile boolean stopping;
  private int min = Integer.MAX_VALUE;
  private int max;
  private int last;
  private int samples;

  FdSampler(long pid, Duration interval) {
    this.fdDir = Path.of("/proc/" + pid + "/fd");
    this.intervalMs = interval.toMillis();
    this.thread = new Thread(this::loop, "fd-sampler");
    this.thread.setDaemon(true);
  }

  static int count(Path fdDir) throws IOException {
    int n = 0;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(fdDir)) {
      for (Path ignored : s) {
        n++;
      }
    }
    return n;
  }

  void start() {
    thread.start();
  }

  Range stop() throws InterruptedException {
    stopping = true;
    thread.interrupt();
    thread.join();
    synchronized (this) {
      return new Range(samples == 0 ? -1 : min, max, last, samples);
    }
  }

  private void loop() {
    while (!stopping) {
      try {
        int n = count(fdDir);
        synchronized (this) {
          min = Math.min(min, n);
          max = Math.max(max, n);
          last = n;
          samples++;
        }
        Thread.sleep(intervalMs);
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        return; // the process is gone
      }
    }
  }
}
