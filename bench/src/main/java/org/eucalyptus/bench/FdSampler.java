package org.eucalyptus.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Counts a process's open file descriptors (/proc/PID/fd) every so often, on a thread of its own,
 * and the connections waiting in its listening socket's accept queue.
 */
final class FdSampler {
  /** The fewest and most descriptors seen, the last count, and the longest accept queue. */
  record Range(int min, int max, int last, int samples, int acceptQueuePeak) {}

  private final Path fdDir;
  private final String listenPort;
  private int acceptQueuePeak;
  private final long intervalMs;
  private final Thread thread;
  private volatile boolean stopping;
  private int min = Integer.MAX_VALUE;
  private int max;
  private int last;
  private int samples;

  FdSampler(long pid, int listenPort, Duration interval) {
    this.fdDir = Path.of("/proc/" + pid + "/fd");
    this.listenPort = String.format(":%04X", listenPort);
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

  /**
   * The listening socket's accept queue: its rx_queue in /proc/net/tcp. Listening sockets come first
   * there, so the read stops at the first socket in another state.
   */
  private int acceptQueue() throws IOException {
    // A JVM's server socket is an IPv6 one (127.0.0.1 as ::ffff:127.0.0.1) unless told otherwise.
    for (String table : new String[] {"/proc/net/tcp6", "/proc/net/tcp"}) {
      try (java.io.BufferedReader r = Files.newBufferedReader(Path.of(table))) {
        r.readLine(); // the column names
        for (String line; (line = r.readLine()) != null; ) {
          String[] f = line.trim().split("\\s+");
          if (f.length < 5 || !f[3].equals("0A")) {
            break;
          }
          if (f[1].endsWith(listenPort)) {
            return Integer.parseInt(f[4].substring(f[4].indexOf(':') + 1), 16);
          }
        }
      } catch (java.nio.file.NoSuchFileException e) {
        // no IPv6 here
      }
    }
    return 0;
  }

  void start() {
    thread.start();
  }

  Range stop() throws InterruptedException {
    stopping = true;
    thread.interrupt();
    thread.join();
    synchronized (this) {
      return new Range(samples == 0 ? -1 : min, max, last, samples, acceptQueuePeak);
    }
  }

  private void loop() {
    while (!stopping) {
      try {
        int n = count(fdDir);
        int queue = acceptQueue();
        synchronized (this) {
          acceptQueuePeak = Math.max(acceptQueuePeak, queue);
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
