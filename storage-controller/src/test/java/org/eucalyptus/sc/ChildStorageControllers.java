package org.eucalyptus.sc;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Storage controllers each run in a JVM of its own (so a test can kill -9 one and start the next on
 * the same files): all on the test's SC port, with its tgtd control port and iSCSI portal, their
 * volumes under {@code dir/sc}, keys under {@code dir/keys}, and their output appended to
 * {@code dir/sc.out}. {@link #close()} stops those still running (a shutdown hook stops each one's
 * tgtd) and kills the tgtd a killed one left.
 */
final class ChildStorageControllers implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final List<String> settings;
  private final List<Process> processes = new ArrayList<>();

  /**
   * @param more further settings (KEY=value) every one of them gets
   */
  ChildStorageControllers(Path dir, int port, int tgtControlPort, int iscsiPort, String... more) {
    this.dir = dir;
    this.port = port;
    List<String> all = new ArrayList<>(List.of("SC_PORT=" + port, "SC_BIND_ADDR=127.0.0.1",
        "SC_VOLUMES_DIR=" + dir.resolve("sc"), "SC_KEYS_DIR=" + dir.resolve("keys"),
        "SC_ISCSI_PORTAL=127.0.0.1:" + iscsiPort, "SC_TGT_CONTROL_PORT=" + tgtControlPort, "SC_START_TGTD=Y"));
    all.addAll(List.of(more));
    this.settings = List.copyOf(all);
  }

  /** Starts one, answering once its port takes connections. */
  Process start() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "org.eucalyptus.sc.StorageControllerMain"));
    for (String kv : settings) {
      cmd.add("--set");
      cmd.add(kv);
    }
    Path out = dir.resolve("sc.out");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
    processes.add(p);
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      try {
        new Socket("127.0.0.1", port).close();
        return p;
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("the storage controller did not start: "
              + Files.readString(out, StandardCharsets.UTF_8));
        }
        Thread.sleep(200);
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      for (Process p : processes) {
        p.destroy(); // its shutdown hook stops its tgtd
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Path pid = dir.resolve("sc/tgtd.pid");
    if (Files.exists(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
