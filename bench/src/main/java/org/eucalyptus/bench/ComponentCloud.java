package org.eucalyptus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A cloud of separate processes, as in production: the CLC (with Walrus), one CC and some NCs on
 * libvirt's test driver, each started from tools/bin with its settings given as {@code --set}, its
 * output in {@code work/log/NAME.out}. Stopped in reverse order of starting.
 */
final class ComponentCloud implements AutoCloseable {
  /** The ports of the chain: the CLC's, the CC's, and the NCs' from {@code firstNc} on. */
  record Ports(int clc, int cc, int firstNc, int nodes, int walrusRoot) {}

  private final Path src;
  private final Path work;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Map<String, ProcessBuilder> builders = new LinkedHashMap<>();

  ComponentCloud(Path src, Path work) {
    this.src = src;
    this.work = work;
  }

  /**
   * Starts NCs (test driver) with room for {@code instances} m1.small instances between them, a CC
   * over them and the CLC, and waits for the CLC's eucarc; returns its path.
   */
  Path startChain(Ports ports, int instances) throws Exception {
    return startChain(ports, instances, Map.of(), Map.of());
  }

  /**
   * As {@link #startChain(Ports, int)}, with more settings for the CLC ({@code clcSettings}, e.g.
   * CLC_DB_URL) and more environment for its launcher ({@code clcEnv}, e.g. EUCA_JAVA_OPTS).
   */
  Path startChain(Ports ports, int instances, Map<String, String> clcSettings, Map<String, String> clcEnv)
      throws Exception {
    int coresPerNode = (instances + ports.nodes() - 1) / ports.nodes() + 8;
    StringBuilder nodes = new StringBuilder();
    for (int i = 0; i < ports.nodes(); i++) {
      int port = ports.firstNc() + i;
      String name = "nc" + (i + 1);
      start(name, "eucalyptus-nc", Map.of("NC_PORT", "" + port, "NC_BIND_ADDR", "127.0.0.1",
          "HYPERVISOR", "test", "INSTANCE_PATH", work.resolve(name).toString(),
          "MAX_CORES", "" + coresPerNode, "MAX_MEM", "" + coresPerNode * 256, "MAX_DISK", "" + coresPerNode * 10,
          "NC_KEYS_DIR", work.resolve(name + "-keys").toString()));
      nodes.append(nodes.length() == 0 ? "" : " ").append("127.0.0.1:").append(port);
    }
    return startCloud(ports, Map.of("NODES", nodes.toString()), Map.of(), clcSettings, clcEnv);
  }

  /**
   * Starts a CC ({@code ccSettings} added to its own, e.g. NODES; {@code ccEnv} for its launcher) and the
   * CLC with Walrus over it, and waits for the CLC's eucarc; returns its path. The nodes are the caller's.
   */
  Path startCloud(Ports ports, Map<String, String> ccSettings, Map<String, String> ccEnv,
      Map<String, String> clcSettings, Map<String, String> clcEnv) throws Exception {
    Map<String, String> cc = new LinkedHashMap<>(Map.of("CC_PORT", "" + ports.cc(), "CC_BIND_ADDR", "127.0.0.1",
        "CC_KEYS_DIR", work.resolve("cc-keys").toString(), "CC_STATE_DIR", work.resolve("cc-state").toString()));
    cc.putAll(ccSettings);
    start("cc", "eucalyptus-cc", cc, ccEnv);
    Path clcData = work.resolve("clc");
    Map<String, String> clc = new LinkedHashMap<>(Map.of("CLC_PORT", "" + ports.clc(), "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", clcData.toString(), "CLC_CLUSTERS", "cluster01=127.0.0.1:" + ports.cc()));
    if (ports.walrusRoot() > 0) {
      clc.put("WALRUS_ROOT_PORT", "" + ports.walrusRoot());
    }
    clc.putAll(clcSettings);
    start("clc+walrus", "eucalyptus-cloud", clc, clcEnv);
    Path eucarc = clcData.resolve("eucarc");
    waitFor(() -> Files.exists(eucarc), Duration.ofMinutes(5), "the cloud controller");
    return eucarc;
  }

  /** The CLC's data directory (its embedded database is under db/). */
  Path clcData() {
    return work.resolve("clc");
  }

  void start(String name, String launcher, Map<String, String> settings) throws IOException {
    start(name, launcher, settings, Map.of());
  }

  void start(String name, String launcher, Map<String, String> settings, Map<String, String> env)
      throws IOException {
    List<String> args = new ArrayList<>();
    settings.forEach((k, v) -> {
      args.add("--set");
      args.add(k + "=" + v);
    });
    startWithArgs(name, launcher, args, env);
  }

  /** Starts {@code tools/bin/LAUNCHER ARGS...} as component {@code name}; its standard input stays the caller's pipe. */
  Process startWithArgs(String name, String launcher, List<String> args, Map<String, String> env) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(src.resolve("tools/bin/" + launcher).toString()));
    cmd.addAll(args);
    Files.createDirectories(work.resolve("log"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(work.resolve("log/" + name + ".out").toFile());
    pb.environment().put("EUCA_LOG_DIR", work.resolve("log").toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    processes.put(name, p);
    builders.put(name, pb);
    return p;
  }

  /** Stops component {@code name} and waits for it to exit; {@link #startAgain} starts it as it was. */
  void stop(String name) throws InterruptedException {
    Process p = processes.remove(name);
    if (p != null) {
      p.destroy();
      p.waitFor();
    }
  }

  /** Starts a component stopped by {@link #stop} again, with its settings; its output goes on in the same log. */
  void startAgain(String name) throws IOException {
    ProcessBuilder pb = builders.get(name);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("log/" + name + ".out").toFile()));
    processes.put(name, pb.start());
  }

  Map<String, Process> processes() {
    return Collections.unmodifiableMap(processes);
  }

  /** Waits for {@code cond}, failing early (naming its log) when a component exits meanwhile. */
  void waitFor(BooleanSupplier cond, Duration timeout, String what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!cond.getAsBoolean()) {
      for (Map.Entry<String, Process> e : processes.entrySet()) {
        if (!e.getValue().isAlive()) {
          throw new IllegalStateException(e.getKey() + " exited; see " + work.resolve("log/" + e.getKey() + ".out"));
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  /** A process's peak resident memory (VmHWM), in KiB; -1 when /proc does not say. */
  static long peakRssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  @Override
  public void close() {
    List<Process> reversed = new ArrayList<>(processes.values());
    Collections.reverse(reversed);
    reversed.forEach(Process::destroy);
    for (Process p : reversed) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
