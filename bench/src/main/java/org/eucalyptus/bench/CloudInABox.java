package org.eucalyptus.bench;

import org.eucalyptus.common.credentials.EucarcFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A tools/cloud-in-a-box for a benchmark to drive: one it starts itself (and stops on close), or
 * one already running in a data directory. Gives the eucalyptus.conf it wrote, the admin
 * credentials and the pid of the cloud controller's process.
 */
final class CloudInABox implements AutoCloseable {
  private final Path data;
  private final Process process;

  private CloudInABox(Path data, Process process) {
    this.data = data;
    this.process = process;
  }

  /**
   * Starts {@code tools/cloud-in-a-box --hypervisor test} (guests on libvirt's test driver) in {@code data} with {@code env} added to
   * its environment (ports, eucalyptus.conf keys it passes through) and waits until it is up.
   */
  static CloudInABox start(Path src, Path data, Map<String, String> env, Duration timeout) throws Exception {
    return start(src, data, "test", env, timeout);
  }

  /** The same with {@code --hypervisor hypervisor} (qemu: real guests, on their own network where root). */
  static CloudInABox start(Path src, Path data, String hypervisor, Map<String, String> env, Duration timeout)
      throws Exception {
    Files.createDirectories(data);
    Path out = data.resolve("cloud-in-a-box.out");
    ProcessBuilder pb = new ProcessBuilder(src.resolve("tools/cloud-in-a-box").toString(),
        "--hypervisor", hypervisor, "--data-dir", data.toString())
        .redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().putAll(env);
    CloudInABox box = new CloudInABox(data, pb.start());
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!Files.readString(out, StandardCharsets.UTF_8).contains("Press Ctrl-C to stop the cloud")) {
        if (!box.process.isAlive()) {
          throw new IllegalStateException("cloud-in-a-box exited during start; see " + out);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cloud-in-a-box did not come up in " + timeout.toSeconds() + " s; see "
              + out);
        }
        Thread.sleep(250);
      }
    } catch (Exception | Error e) {
      box.close();
      throw e;
    }
    return box;
  }

  /** A cloud-in-a-box already running in {@code data}: used, not stopped. */
  static CloudInABox attach(Path data) {
    if (!Files.exists(data.resolve("var/lib/eucalyptus/eucarc"))) {
      throw new IllegalArgumentException("no running cloud-in-a-box in " + data + " (no var/lib/eucalyptus/eucarc)");
    }
    return new CloudInABox(data, null);
  }

  Path data() {
    return data;
  }

  Path conf() {
    return data.resolve("etc/eucalyptus.conf");
  }

  Map<String, String> credentials() throws IOException {
    return EucarcFile.read(data.resolve("var/lib/eucalyptus/eucarc"));
  }

  /**
   * The cloud controller's pid: from cloud-in-a-box's pid file (its launcher execs the JVM, so the
   * pid is the JVM's), else the process that listens on {@code port}.
   */
  long cloudControllerPid(int port) throws IOException {
    Path pidFile = data.resolve("run/eucalyptus-cloud.pid");
    if (Files.exists(pidFile)) {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      Path cmdline = Path.of("/proc/" + pid + "/cmdline");
      if (Files.exists(cmdline) && Files.readString(cmdline).contains("CloudMain")) {
        return pid;
      }
    }
    return listenerPid(port).orElseThrow(() -> new IllegalStateException("no process listens on port " + port));
  }

  /** The process holding the listening TCP socket on {@code port} (found through its socket inode). */
  static Optional<Long> listenerPid(int port) throws IOException {
    String hexPort = String.format(":%04X", port);
    List<String> inodes = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path p = Path.of(table);
      if (!Files.exists(p)) {
        continue;
      }
      for (String line : Files.readAllLines(p)) {
        String[] f = line.trim().split("\\s+");
        // local_address, state 0A = LISTEN, inode
        if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
          inodes.add("socket:[" + f[9] + "]");
        }
      }
    }
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
          for (Path fd : fds) {
            if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
              return Optional.of(Long.parseLong(proc.getFileName().toString()));
            }
          }
        } catch (IOException e) {
          // a process that ended meanwhile, or one we may not look into
        }
      }
    }
    return Optional.empty();
  }

  /** Removes the data directory of a cloud-in-a-box this object started (and stopped). */
  void deleteData() throws IOException {
    if (process == null || process.isAlive()) {
      return;
    }
    try (java.util.stream.Stream<Path> all = Files.walk(data)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The data directory, when this object started the cloud-in-a-box (and so it is not the user's). */
  Optional<Path> keptData() {
    return process == null ? Optional.empty() : Optional.of(data);
  }

  /** Stops a cloud-in-a-box this object started (its own Ctrl-C handling stops the components). */
  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        // The script did not get to stop its components: stop them by the pids it wrote.
        for (String name : List.of("eucalyptus-cloud", "eucalyptus-cc", "eucalyptus-nc")) {
          Path pidFile = data.resolve("run/" + name + ".pid");
          if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroy);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      System.err.println("front-door: could not read cloud-in-a-box's pid files: " + e.getMessage());
    }
  }
}
