package org.eucalyptus.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.credentials.EucarcFile;
import org.eucalyptus.tools.admin.Ec2QueryClient;

/**
 * The control plane at scale, on one machine: the node simulator with N nodes (default 1,000) and a
 * cloud on them as separate processes (CLC with Walrus, one CC), the nodes registered through the
 * CLC and enrolled. Prints, each beside its target (issue 20): the enrolment time of all N nodes,
 * RunInstances of 100 in one request until all run, placements a second in a burst, RunInstances →
 * running p50/p99 over a ramp to {@code --instances}, DescribeInstances req/s listing 1,000 and one
 * by id at the full count, the CLC's, CC's and simulator's heap after GC, threads and descriptors,
 * and how long the cluster takes to see nodes down when some are stopped and when all stop
 * answering (the simulator frozen with SIGSTOP), beside CC_NODE_TIMEOUT_SEC. On H2, PostgreSQL or both.
 */
public final class ScaleBench {
  static final double ENROL_TARGET_SEC = Double.NaN; // never measured before: no target
  static final double PLACEMENT_TARGET = 1000;
  static final double HUNDRED_TARGET_SEC = 2;
  static final double LIST_TARGET = 200;
  static final double BY_ID_P99_TARGET_MS = 5;
  static final long CLC_HEAP_TARGET = 1L << 30;

  /** The command line. */
  record Options(int nodes, int instances, int batch, List<String> dbs, int clients, int seconds, int probes,
      int kill, int nodeTimeoutSec, String jfr, int clcPort, int ccPort, String nodeAddr, int firstNodePort) {
    static final List<String> KNOWN = List.of("nodes", "instances", "batch", "db", "clients", "seconds", "probes",
        "kill", "node-timeout", "jfr");

    static Options parse(String[] args, Map<String, String> env) {
      Map<String, String> o = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("unexpected argument " + args[i]);
        }
        String name = args[i].substring(2);
        if (!KNOWN.contains(name)) {
          throw new IllegalArgumentException("unknown option --" + name + " (known: " + KNOWN + ")");
        }
        o.put(name, args[++i]);
      }
      String db = o.getOrDefault("db", "both");
      List<String> dbs = switch (db) {
        case "both" -> List.of("h2", "postgresql");
        case "h2", "postgresql" -> List.of(db);
        default -> throw new IllegalArgumentException("--db is h2, postgresql or both, not " + db);
      };
      int nodes = atLeast(o, "nodes", 1000, 1);
      int instances = atLeast(o, "instances", 10_000, 2);
      return new Options(nodes, instances, atLeast(o, "batch", 100, 1), dbs, atLeast(o, "clients", 4, 1),
          atLeast(o, "seconds", 10, 1), atLeast(o, "probes", 2000, 10), Math.min(nodes, atLeast(o, "kill", 10, 1)),
          atLeast(o, "node-timeout", 15, 2), o.get("jfr"), Integer.parseInt(env.getOrDefault("CLC_PORT", "25000")),
          Integer.parseInt(env.getOrDefault("CC_PORT", "25001")), env.getOrDefault("NODE_ADDR", "127.0.0.2"),
          Integer.parseInt(env.getOrDefault("NODE_PORT", "25000")));
    }

    private static int atLeast(Map<String, String> o, String name, int dflt, int min) {
      int v;
      try {
        v = Integer.parseInt(o.getOrDefault(name, "" + dflt));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be a whole number, not " + o.get(name));
      }
      if (v < min) {
        throw new IllegalArgumentException("--" + name + " must be at least " + min);
      }
      return v;
    }

    /** Instances in the cloud when the list rate is measured: 1,000, or half of a smaller run. */
    int listAt() {
      return Math.min(1000, instances / 2);
    }

    /** The placement burst: 1,000 instances, or less when the run is small. */
    int burst() {
      return Math.min(1000, (instances - listAt()) / 2);
    }
  }

  /** What one database's run measured; NaN (or null) where a stage did not run. */
  record Figures(String db, int nodes, double registerSec, double enrolSec, double hundredColdSec, double hundredSec, int hundred, double placementsPerSec,
      int burst, double rampP50Ms, double rampP99Ms, int ramped, double listRate, double listRatePaused, int listedAt,
      double byIdP50Ms, double byIdP99Ms, double byIdP50PausedMs, double byIdP99PausedMs, int inCloud, ProcessGauges.Reading clc, ProcessGauges.Reading cc,
      ProcessGauges.Reading simulator, double stoppedDownSec, int stopped, double frozenDownSec, double frozenDownCcSec,
      double frozenBackSec, int nodeTimeoutSec, SyncTraffic sync, IdleCpu idle, Map<String, Double> stages) {}

  /** CPU the processes used, as % of one core, while the cloud idled with every node up and no instance. */
  record IdleCpu(double seconds, double clcPct, double ccPct, double simulatorPct) {}

  private final Options options;
  private final Path src;
  private final java.io.PrintStream out;

  ScaleBench(Options options, Path src, java.io.PrintStream out) {
    this.options = options;
    this.src = src;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("scale: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path src = Path.of(System.getProperty("euca.src", ".")).toAbsolutePath().normalize();
    ScaleBench b = new ScaleBench(o, src, System.out);
    List<Figures> all = new ArrayList<>();
    for (String db : o.dbs()) {
      try {
        all.add(b.runOn(db));
      } catch (IllegalStateException e) {
        System.err.println("scale: " + e.getMessage()); // a missing part of the machine, not a fault of ours
        System.exit(1);
      }
    }
    b.report(all);
    System.exit(0);
  }

  /** One run on {@code db} ("h2" or "postgresql"), in a fresh directory and (PostgreSQL) database. */
  Figures runOn(String db) throws Exception {
    Path work = Files.createTempDirectory("euca-bench-scale-" + db + "-");
    ComponentCloud cloud = new ComponentCloud(src, work);
    String pgName = db.equals("postgresql") ? "scalebench_" + ProcessHandle.current().pid() : null;
    Thread stopper = new Thread(cloud::close, "stop-cloud");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      Map<String, String> clcSettings = new LinkedHashMap<>();
      if (pgName != null) {
        DescribeInstancesBench.postgres("create database " + pgName);
        clcSettings.put("CLC_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + pgName);
        clcSettings.put("CLC_DB_USER", "postgres");
      }
      return new Run(db, cloud, work, clcSettings).measure();
    } finally {
      cloud.close();
      Runtime.getRuntime().removeShutdownHook(stopper);
      if (pgName != null) {
        DescribeInstancesBench.postgres("drop database if exists " + pgName + " with (force)");
      }
      out.println("(" + db + ": logs and data in " + work + ")");
    }
  }

  /** One database's run, stage by stage. */
  private final class Run {
    private final String db;
    private final ComponentCloud cloud;
    private final Path work;
    private final Map<String, String> clcSettings;
    private final Map<String, Double> stages = new LinkedHashMap<>();
    private long stageStart;

    Run(String db, ComponentCloud cloud, Path work, Map<String, String> clcSettings) {
      this.db = db;
      this.cloud = cloud;
      this.work = work;
      this.clcSettings = clcSettings;
    }

    Figures measure() throws Exception {
      int n = options.nodes();
      // Room for every instance with a few cores to spare on each node (m1.small: 1 core, 128 MB, 2 GB).
      int cores = (options.instances() + n - 1) / n + 4;
      stage();
      Process sim = cloud.startWithArgs("simulator", "node-simulator", List.of("--nodes", "" + n, "--first-port",
          "" + options.firstNodePort(), "--bind", options.nodeAddr(), "--data-dir", work.resolve("sim").toString(),
          "--cores", "" + cores, "--memory", "" + (cores * 128 + 512), "--disk", "" + (cores * 2 + 10)),
          simulatorEnv(db));
      Path nodesFile = work.resolve("sim/nodes");
      cloud.waitFor(() -> Files.exists(nodesFile), Duration.ofMinutes(10), n + " simulated nodes");
      List<String> nodes = List.of(Files.readString(nodesFile).strip().split(" "));
      staged("simulator with " + n + " nodes up");

      Map<String, String> clcEnv = new LinkedHashMap<>(Map.of("EUCA_JAVA_OPTS", "-Xmx1g"));
      Map<String, String> ccEnv = new LinkedHashMap<>();
      if (options.jfr() != null) {
        Path jfr = Path.of(options.jfr()).toAbsolutePath();
        Files.createDirectories(jfr);
        clcEnv.put("EUCA_JAVA_OPTS", "-Xmx1g " + jfrOption(jfr.resolve("clc-" + db + ".jfr")));
        ccEnv.put("EUCA_JAVA_OPTS", jfrOption(jfr.resolve("cc-" + db + ".jfr")));
      }
      Path eucarc = cloud.startCloud(new ComponentCloud.Ports(options.clcPort(), options.ccPort(), 0, 0, 0),
          Map.of("NODES", "", "CC_NODE_TIMEOUT_SEC", "" + options.nodeTimeoutSec()), ccEnv, clcSettings, clcEnv);
      Map<String, String> creds = EucarcFile.read(eucarc);
      URI ec2Url = URI.create(creds.get("EC2_URL"));
      Ec2QueryClient admin = new Ec2QueryClient(ec2Url, creds.get("EC2_ACCESS_KEY"), creds.get("EC2_SECRET_KEY"),
          "eucalyptus");
      Ec2QueryClient configuration = admin.forService("/services/Configuration");
      cloud.waitFor(() -> DescribeInstancesBench.quietly(() -> configuration.call("DescribeNodes",
          Map.of("ClusterName", "cluster01"))) != null, Duration.ofMinutes(2), "cluster01");
      staged("cloud up (CLC with Walrus, CC)");

      // Registration to all enrolled.
      ClusterNodes cluster = new ClusterNodes(configuration, new DescribeInstancesBench.Signed(
          ec2Url.resolve("/services/Configuration"), creds.get("EC2_ACCESS_KEY"), creds.get("EC2_SECRET_KEY"),
          Duration.ofMinutes(30)), "cluster01");
      long r0 = System.nanoTime();
      // A hundred a call, as an administrator would: each call registers its nodes at the CC in one step,
      // then enrols every node of the cluster not yet enrolled (asking all of them who they are) before it answers.
      for (int i = 0; i < nodes.size(); i += 100) {
        cluster.register(nodes.subList(i, Math.min(nodes.size(), i + 100)));
      }
      double registerSec = (System.nanoTime() - r0) / 1e9;
      out.printf("[%s] %d nodes registered (RegisterNodes, 100 a call) in %.1f s%n", db, n, registerSec);
      cloud.waitFor(() -> Integer.valueOf(n).equals(DescribeInstancesBench.quietly(() -> cluster.read().enrolledUp())),
          Duration.ofMinutes(10 + n / 50), n + " nodes UP and enrolled");
      double enrolSec = (System.nanoTime() - r0) / 1e9;
      staged(n + " nodes registered, UP and enrolled");

      // What following the nodes costs when nothing happens: the cluster controller's long polls and
      // the nodes' answers (with the CLC's cluster sync), over --seconds.
      Thread.sleep(2000); // the last enrolment's calls done
      long i0 = System.nanoTime();
      long[] pids = {cloud.processes().get("clc+walrus").pid(), cloud.processes().get("cc").pid(), sim.pid()};
      double[] cpu0 = new double[pids.length];
      for (int i = 0; i < pids.length; i++) {
        cpu0[i] = ProcessGauges.cpuSeconds(pids[i]);
      }
      Thread.sleep(options.seconds() * 1000L);
      double idleSec = (System.nanoTime() - i0) / 1e9;
      double[] pct = new double[pids.length];
      for (int i = 0; i < pids.length; i++) {
        pct[i] = 100 * (ProcessGauges.cpuSeconds(pids[i]) - cpu0[i]) / idleSec;
      }
      IdleCpu idle = new IdleCpu(idleSec, pct[0], pct[1], pct[2]);
      staged("idle with " + n + " nodes up (CPU of each process)");

      Path image = Files.write(work.resolve("bench.img"), new byte[4096]);
      String emi = Ec2QueryClient.element(admin.call("RegisterImage",
          Map.of("ImageLocation", image.toUri().toString(), "Name", "scale-bench")), "imageId");
      Launches launches = new Launches(admin, () -> new DescribeInstancesBench.Signed(ec2Url,
          creds.get("EC2_ACCESS_KEY"), creds.get("EC2_SECRET_KEY")), emi);

      // The first launch of a fresh cloud is every node's first call and the JVMs' first run of the
      // launch path; the target is for the cloud at work: the second request is the one held to it.
      int hundred = Math.min(100, options.listAt() / 2);
      double hundredColdSec = launches.oneRequest(hundred, Duration.ofMinutes(5));
      staged("RunInstances of " + hundred + " in one request (the cloud's first), all running");
      double hundredSec = launches.oneRequest(hundred, Duration.ofMinutes(5));
      staged("RunInstances of " + hundred + " in one request again, all running");

      Launches.Ramp ramp = launches.ramp(options.batch());
      ramp.upTo(options.listAt(), Duration.ofMinutes(30));
      staged("ramp to " + options.listAt() + " instances");

      DescribeLoad load = new DescribeLoad(ec2Url, creds.get("EC2_ACCESS_KEY"), creds.get("EC2_SECRET_KEY"),
          "eucalyptus");
      load.run(options.clients(), Duration.ofSeconds(Math.min(3, options.seconds()))); // warm-up
      DescribeLoad.Result rate = load.run(options.clients(), Duration.ofSeconds(options.seconds()));
      if (rate.failed() > 0) {
        out.println("  failed DescribeInstances: " + rate.failures());
      }
      staged("DescribeInstances rate at " + options.listAt());
      // The same with the simulator paused: what the CLC answers when its nodes run on hosts of their
      // own (here the simulator's following of the CC takes much of the 2 cores the CLC shares with it).
      DescribeLoad.Result ratePaused = paused(sim.pid(), () -> load.run(options.clients(), Duration.ofSeconds(options.seconds())));
      if (ratePaused.failed() > 0) {
        out.println("  failed DescribeInstances (the simulator paused): " + ratePaused.failures());
      }
      awaitUp(cloud, cluster, n);
      staged("DescribeInstances rate at " + options.listAt() + ", the simulator paused");

      double placements = Double.NaN;
      if (options.burst() > 0) {
        int before = cluster.read().instances();
        long b0 = System.nanoTime();
        List<String> burstIds = launches.burst(options.burst(), options.batch());
        cloud.waitFor(() -> Integer.valueOf(1).equals(DescribeInstancesBench.quietly(
            () -> cluster.read().instances() >= before + burstIds.size() ? 1 : 0)), Duration.ofMinutes(30),
            burstIds.size() + " instances placed");
        placements = burstIds.size() / ((System.nanoTime() - b0) / 1e9);
        staged("placement burst of " + options.burst() + " (" + (options.burst() + options.batch() - 1)
            / options.batch() + " concurrent requests)");
      }

      ramp.upTo(options.instances(), Duration.ofMinutes(60));
      staged("ramp to " + options.instances() + " instances");

      // A new connection: the one kept since the first launches may have been closed as idle meanwhile.
      DescribeInstancesBench.Signed prober = new DescribeInstancesBench.Signed(ec2Url, creds.get("EC2_ACCESS_KEY"),
          creds.get("EC2_SECRET_KEY"));
      List<String> ids = DescribeInstancesBench.ids(prober);
      long[] byId = DescribeInstancesBench.probe(prober, ids, id -> "InstanceId.1=" + id, options.probes());
      staged("DescribeInstances by id at " + ids.size());
      long[] byIdPaused = paused(sim.pid(), () -> DescribeInstancesBench.probe(prober, ids, id -> "InstanceId.1=" + id,
          options.probes()));
      awaitUp(cloud, cluster, n);
      staged("DescribeInstances by id at " + ids.size() + ", the simulator paused");

      ProcessGauges.Reading clc = ProcessGauges.read(cloud.processes().get("clc+walrus").pid());
      ProcessGauges.Reading cc = ProcessGauges.read(cloud.processes().get("cc").pid());
      ProcessGauges.Reading simulator = ProcessGauges.read(sim.pid());
      staged("heap, threads and descriptors read");

      // Some nodes killed (their ports closed), then every node silent (the simulator frozen).
      int k = options.kill();
      List<String> killed = nodes.subList(0, k);
      long s0 = System.nanoTime();
      OutputStream control = sim.getOutputStream();
      control.write(("stop 0-" + (k - 1) + "\n").getBytes(StandardCharsets.UTF_8));
      control.flush();
      cloud.waitFor(() -> Boolean.TRUE.equals(DescribeInstancesBench.quietly(() -> cluster.read().allDown(killed))),
          Duration.ofSeconds(10L * options.nodeTimeoutSec()), k + " stopped nodes DOWN");
      double stoppedSec = (System.nanoTime() - s0) / 1e9;
      staged(k + " stopped nodes seen DOWN");

      long f0 = System.nanoTime();
      java.time.Instant frozenAt = java.time.Instant.now();
      signal("STOP", sim.pid());
      double frozenSec;
      double frozenCcSec;
      double backSec;
      try {
        cloud.waitFor(() -> Boolean.TRUE.equals(DescribeInstancesBench.quietly(() -> cluster.read().allDown(nodes))),
            Duration.ofSeconds(10L * options.nodeTimeoutSec()), "all " + n + " frozen nodes DOWN");
        frozenSec = (System.nanoTime() - f0) / 1e9;
        // The CC's own time for it: when it found the last node down, without this bench's polling lag.
        java.time.Instant last = cluster.read().lastChange(nodes);
        frozenCcSec = last == null ? Double.NaN : Duration.between(frozenAt, last).toMillis() / 1e3;
      } finally {
        signal("CONT", sim.pid());
      }
      staged("all " + n + " nodes seen DOWN with the simulator frozen");
      long c0 = System.nanoTime();
      cloud.waitFor(() -> Integer.valueOf(n - k).equals(DescribeInstancesBench.quietly(() -> cluster.read().up())),
          Duration.ofMinutes(5), (n - k) + " nodes UP again");
      backSec = (System.nanoTime() - c0) / 1e9;
      staged((n - k) + " nodes UP again after the simulator went on");

      return new Figures(db, n, registerSec, enrolSec, hundredColdSec, hundredSec, hundred, placements, options.burst(), ramp.percentileMs(50),
          ramp.percentileMs(99), ramp.measured(), rate.perSecond(), ratePaused.perSecond(), options.listAt(),
          DescribeInstancesBench.pct(byId, 50), DescribeInstancesBench.pct(byId, 99),
          DescribeInstancesBench.pct(byIdPaused, 50), DescribeInstancesBench.pct(byIdPaused, 99), ids.size(), clc, cc, simulator,
          stoppedSec, k, frozenSec, frozenCcSec, backSec, options.nodeTimeoutSec(),
          SyncTraffic.read(work.resolve("log/eucalyptus-cc-access.log")), idle, stages);
    }

    private void stage() {
      stageStart = System.nanoTime();
    }

    /** The simulator's environment: its logs with the others', and with --jfr its own recording (sim-DB.jfr). */
    private Map<String, String> simulatorEnv(String db) throws IOException {
      Map<String, String> env = new LinkedHashMap<>(Map.of("EUCA_LOG_DIR", work.resolve("log").toString()));
      if (options.jfr() != null) {
        Path jfr = Path.of(options.jfr()).toAbsolutePath();
        Files.createDirectories(jfr);
        env.put("EUCA_JAVA_OPTS", jfrOption(jfr.resolve("sim-" + db + ".jfr")));
      }
      return env;
    }

    private void staged(String what) {
      double sec = (System.nanoTime() - stageStart) / 1e9;
      stages.put(what, sec);
      out.printf("[%s] %-62s %8.1f s%n", db, what, sec);
      out.flush();
      stageStart = System.nanoTime();
    }
  }

  private static String jfrOption(Path file) {
    return "-XX:StartFlightRecording=filename=" + file + ",settings=profile,dumponexit=true";
  }

  /** What {@code work} gives while the process {@code pid} is stopped (SIGSTOP, then SIGCONT whatever happens). */
  private static <T> T paused(long pid, java.util.concurrent.Callable<T> work) throws Exception {
    signal("STOP", pid);
    try {
      return work.call();
    } finally {
      signal("CONT", pid);
    }
  }

  /** Waits until all {@code n} nodes are UP again (a pause longer than the node timeout takes some DOWN). */
  private static void awaitUp(ComponentCloud cloud, ClusterNodes cluster, int n) throws Exception {
    cloud.waitFor(() -> Integer.valueOf(n).equals(DescribeInstancesBench.quietly(() -> cluster.read().up())),
        Duration.ofMinutes(5), n + " nodes UP again");
  }

  private static void signal(String signal, long pid) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("kill -" + signal + " " + pid + " failed");
    }
  }

  void report(List<Figures> all) {
    out.printf("%nThe control plane at scale (node simulator, CLC with Walrus and one CC as processes)%n");
    out.printf("  %-66s %12s %12s%n", "", "measured", "target");
    for (Figures f : all) {
      out.printf("  [%s] %d simulated nodes, %d instances at the end%n", f.db(), f.nodes(), f.inCloud());
      line(String.format("RegisterNodes of %d nodes, 100 a call, all answered, s", f.nodes()), f.registerSec(),
          Double.NaN, false);
      line(String.format("enrolment of %d nodes, registration to all UP and enrolled, s", f.nodes()), f.enrolSec(),
          ENROL_TARGET_SEC, false);
      line(String.format("idle, %d nodes up, no instance: CLC CPU, %% of a core", f.nodes()), f.idle().clcPct(),
          Double.NaN, false);
      line("  CC CPU, % of a core", f.idle().ccPct(), Double.NaN, false);
      line("  node simulator CPU, % of a core", f.idle().simulatorPct(), Double.NaN, false);
      line(String.format("RunInstances of %d in one request, the cloud's first, until all running, s", f.hundred()),
          f.hundredColdSec(), Double.NaN, false);
      line(String.format("RunInstances of %d in one request, the next, until all running, s", f.hundred()), f.hundredSec(),
          f.hundred() == 100 ? HUNDRED_TARGET_SEC : Double.NaN, false);
      line(String.format("placements/s, a burst of %d in requests of %d", f.burst(), options.batch()),
          f.placementsPerSec(), f.nodes() >= 1000 ? PLACEMENT_TARGET : Double.NaN, true);
      line(String.format("RunInstances -> running p50, ms (%d in requests of %d)", f.ramped(), options.batch()),
          f.rampP50Ms(), Double.NaN, false);
      line(String.format("RunInstances -> running p99, ms (%d in requests of %d)", f.ramped(), options.batch()),
          f.rampP99Ms(), Double.NaN, false);
      line(String.format("DescribeInstances listing %d, req/s (%d clients)", f.listedAt(), options.clients()),
          f.listRate(), f.listedAt() == 1000 ? LIST_TARGET : Double.NaN, true);
      line("  the same, the simulator paused (its nodes on hosts of their own), req/s", f.listRatePaused(),
          f.listedAt() == 1000 ? LIST_TARGET : Double.NaN, true);
      line(String.format("DescribeInstances one by id, %d in the cloud, p50 ms", f.inCloud()), f.byIdP50Ms(),
          Double.NaN, false);
      line(String.format("DescribeInstances one by id, %d in the cloud, p99 ms", f.inCloud()), f.byIdP99Ms(),
          f.inCloud() >= 10_000 ? BY_ID_P99_TARGET_MS : Double.NaN, false);
      line("  the same, the simulator paused, p50 ms", f.byIdP50PausedMs(), Double.NaN, false);
      line("  the same, the simulator paused, p99 ms", f.byIdP99PausedMs(),
          f.inCloud() >= 10_000 ? BY_ID_P99_TARGET_MS : Double.NaN, false);
      gauges("CLC", f.clc(), f.inCloud() >= 10_000 ? CLC_HEAP_TARGET : -1);
      gauges("CC", f.cc(), -1);
      line("CC -> CLC sync reports (DescribeInstances answers) in the run", f.sync().reports(), Double.NaN, true);
      line("  their size, p50 KiB", f.sync().p50Bytes() / 1024.0, Double.NaN, true);
      line("  their size, largest, KiB", f.sync().maxBytes() / 1024.0, Double.NaN, true);
      line("  all of them, MiB", f.sync().totalBytes() / 1048576.0, Double.NaN, true);
      gauges("node simulator", f.simulator(), -1);
      line(String.format("%d stopped nodes (ports closed) seen DOWN, s", f.stopped()), f.stoppedDownSec(),
          f.nodeTimeoutSec(), false);
      line(String.format("all %d nodes silent (simulator frozen) seen DOWN, s", f.nodes()), f.frozenDownSec(),
          f.nodeTimeoutSec(), false);
      line("  the last one's DOWN as the CC recorded it (stateSince), s", f.frozenDownCcSec(), f.nodeTimeoutSec(), false);
      line("  (target: CC_NODE_TIMEOUT_SEC) and back UP after it went on, s", f.frozenBackSec(), Double.NaN, false);
    }
  }

  private void gauges(String who, ProcessGauges.Reading r, long heapTarget) {
    line(who + " heap after GC, MiB", r.heapBytes() < 0 ? Double.NaN : r.heapBytes() / 1048576.0,
        heapTarget < 0 ? Double.NaN : heapTarget / 1048576.0, false);
    line(who + " threads", r.threads(), Double.NaN, false);
    line(who + " open file descriptors", r.fds(), Double.NaN, false);
  }

  private void line(String what, double value, double target, boolean atLeast) {
    String verdict = Double.isNaN(target) || Double.isNaN(value) ? ""
        : (atLeast ? value >= target : value <= target) ? "MET" : "MISSED";
    out.printf("  %-66s %12.2f %12s  %s%n", what, value,
        Double.isNaN(target) ? "" : (atLeast ? ">= " : "<= ") + (long) target, verdict);
  }
}
