package org.eucalyptus.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.auth.S3Signer;
import org.eucalyptus.common.auth.SigV4;

/**
 * The HTTP front door under three attacks, each against a cloud-in-a-box's cloud controller port
 * from many loopback addresses: 10,000 idle connections, 1,000 slow uploads (signed S3 PUTs that
 * declare a body and send a byte a second) and a slowloris of 1,000 request heads sent a byte a
 * second. During each, and with nothing else running (the baseline), it measures DescribeInstances
 * latency from 127.0.0.1, counts the server's open file descriptors, and records how long the
 * attacking connections lived and how many the server refused; then prints them beside the
 * targets, which it reads from the eucalyptus.conf the server runs with.
 */
public final class FrontDoorBench {
  /** Connections the server may be answering 503 at once, beyond its cap. */
  private static final int REFUSALS_AT_ONCE = 32;

  /** Settings this benchmark runs the server with, unless the environment says otherwise. */
  static final Map<String, String> BENCH_DEFAULTS = Map.of(
      "CLC_PORT", "22773", "CC_PORT", "22774", "NC_PORT", "22775", "WALRUS_ROOT_PORT", "22780",
      "HTTP_IDLE_TIMEOUT_SEC", "10", "HTTP_HEADER_TIMEOUT_SEC", "5", "HTTP_BODY_TIMEOUT_SEC", "10",
      "HTTP_MAX_CONNECTIONS", "4096", "HTTP_MAX_CONNECTIONS_PER_CLIENT", "256");
  static final double P99_TARGET_MS = 100;
  /** What an attacking connection may outlive its timeout by: the server's timer and our selector's tick. */
  static final int TIMEOUT_SLACK_SEC = 2;
  static final String BUCKET = "front-door-bench";
  static final long UPLOAD_LENGTH = 1 << 20;

  record Options(int phaseSeconds, int baselineSeconds, int rate, int idle, int uploads, int slowloris,
      int openRate, int reopenMs, boolean retryRefused, Path attach) {
    static Options parse(String[] args) {
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("unknown argument '" + args[i] + "' (see bench/front-door)");
        }
        m.put(args[i].substring(2), args[++i]);
      }
      Options o = new Options(num(m, "phase-seconds", 30), num(m, "baseline-seconds", 15), num(m, "rate", 25),
          num(m, "idle", 10_000), num(m, "uploads", 1_000), num(m, "slowloris", 1_000), num(m, "open-rate", 2_000),
          num(m, "reopen-ms", 1_000),
          Boolean.parseBoolean(m.remove("retry-refused")),
          m.containsKey("attach") ? Path.of(m.remove("attach")) : null);
      if (!m.isEmpty()) {
        throw new IllegalArgumentException("unknown option(s) " + m.keySet());
      }
      return o;
    }

    private static int num(Map<String, String> m, String key, int dflt) {
      String v = m.remove(key);
      return v == null ? dflt : Integer.parseInt(v);
    }
  }

  /** One phase: what attacks, which timeout should end its connections. */
  record Phase(String label, int count, AttackScript script, String timeoutKey, int timeoutSec, int addressBlock) {}

  record PhaseResult(Phase phase, double measuredSec, DescribeProbe.Result probe, FdSampler.Range fds,
      int fdsAfter, ConnectionFlood.Report attack) {}

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("front-door: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path src = Path.of(System.getProperty("euca.src", ".")).toAbsolutePath().normalize();
    Map<String, String> env = new java.util.TreeMap<>(BENCH_DEFAULTS);
    BENCH_DEFAULTS.keySet().forEach(k -> {
      String v = System.getenv(k);
      if (v != null && !v.isEmpty()) {
        env.put(k, v);
      }
    });
    CloudInABox box;
    if (o.attach() != null) {
      box = CloudInABox.attach(o.attach());
    } else {
      Path data = Files.createTempDirectory(Path.of(System.getenv().getOrDefault("BENCH_DIR", "/tmp")), "front-door.");
      System.out.println("Starting a cloud-in-a-box (hypervisor test) in " + data + " with "
          + env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + " " + b).orElse(""));
      box = CloudInABox.start(src, data, env, Duration.ofMinutes(5));
    }
    Thread stopper = new Thread(box::close, "stop-cloud-in-a-box");
    Runtime.getRuntime().addShutdownHook(stopper);
    int status = 1;
    try {
      new FrontDoorBench().run(o, box);
      status = 0;
    } catch (IllegalArgumentException e) {
      System.err.println("front-door: " + e.getMessage());
      status = 2;
    } finally {
      box.close();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException ignored) {
        // already shutting down
      }
      if (status == 0) {
        box.deleteData();
      } else {
        box.keptData().ifPresent(d -> System.err.println("front-door: the cloud-in-a-box's logs are in " + d + "/log"));
      }
    }
    System.exit(status);
  }

  void run(Options o, CloudInABox box) throws Exception {
    FrontDoorLimits limits = FrontDoorLimits.read(box.conf());
    Map<String, String> creds = box.credentials();
    URI ec2 = URI.create(creds.get("EC2_URL"));
    URI s3 = URI.create(creds.get("S3_URL"));
    String access = creds.get("EC2_ACCESS_KEY");
    String secret = creds.get("EC2_SECRET_KEY");
    InetSocketAddress server = new InetSocketAddress(ec2.getHost(), ec2.getPort());
    long pid = box.cloudControllerPid(ec2.getPort());
    String hostPort = ec2.getHost() + ":" + ec2.getPort();

    int perSource = Math.max(1, limits.maxConnectionsPerClient() / 2);
    int most = Math.max(o.idle(), Math.max(o.uploads(), o.slowloris()));
    System.out.printf("%nFront door of the cloud controller at %s (pid %d), %s, %d cores%n", hostPort, pid,
        Runtime.version(), Runtime.getRuntime().availableProcessors());
    System.out.println("Server settings (" + box.conf() + "):");
    limits.asConf().forEach((k, v) -> System.out.printf("  %-32s %6s   (server default %s)%n", k, v,
        FrontDoorLimits.SERVER_DEFAULTS.asConf().get(k)));
    if (limits.idleTimeoutSec() < 60 || limits.headerTimeoutSec() < 10 || limits.bodyTimeoutSec() < 30) {
      System.out.println("  (timeouts shorter than the defaults, so that they fire within a phase)");
    }
    long ownLimit = openFilesLimit("self");
    System.out.printf("Open-files limits: server %d, this benchmark %d%n", openFilesLimit("" + pid), ownLimit);
    if (ownLimit > 0 && ownLimit < most + 1_000) {
      System.out.printf("  WARNING: this process may run out of descriptors for %d connections (ulimit -n)%n", most);
    }
    System.out.printf("Each attack from 127.N.x.y, at most %d connections per address (half the per-client cap);"
        + " a connection the server ends after holding it is opened again %.1f s later, %s; at most %d new a"
        + " second.%n", perSource, o.reopenMs() / 1000.0,
        o.retryRefused() ? "and one it refuses too" : "one it refuses (503) is not", o.openRate());
    System.out.printf("DescribeInstances: %d a second on one kept-alive connection from 127.0.0.1, signed (SigV4);"
        + " latency from its sending; also from its scheduled time (when the client or the server falls behind"
        + " the rate, the wait counts).%n", o.rate());

    try (DescribeProbe probe = new DescribeProbe(ec2, access, secret, Duration.ofSeconds(10))) {
      probe.reconnect();
      probe.run(o.rate() * 2, Duration.ofSeconds(3)); // warm-up: JIT, caches
      createBucket(s3, access, secret);

      String[] heads = new String[o.uploads()];
      S3Signer signer = new S3Signer(access, secret, "eucalyptus");
      AttackScript uploads = AttackScript.slowUpload(i -> {
        if (heads[i] == null) {
          URI u = URI.create(s3 + "/" + BUCKET + "/slow-" + i);
          Map<String, String> h = new LinkedHashMap<>();
          h.put("Host", hostPort);
          h.putAll(signer.sign("PUT", u, Map.of(), SigV4.UNSIGNED_PAYLOAD, Instant.now()));
          h.put("Content-Length", "" + UPLOAD_LENGTH);
          heads[i] = AttackScript.head("PUT", u.getRawPath(), h);
        }
        return heads[i];
      }, UPLOAD_LENGTH);

      List<Phase> phases = List.of(
          new Phase("baseline", 0, null, null, 0, 0),
          new Phase("idle " + o.idle(), o.idle(), AttackScript.idle(), "HTTP_IDLE_TIMEOUT_SEC",
              limits.idleTimeoutSec(), 1),
          new Phase("slow PUT " + o.uploads(), o.uploads(), uploads, "HTTP_BODY_TIMEOUT_SEC",
              limits.bodyTimeoutSec(), 2),
          new Phase("slowloris " + o.slowloris(), o.slowloris(), AttackScript.slowloris(hostPort),
              "HTTP_HEADER_TIMEOUT_SEC", limits.headerTimeoutSec(), 3));
      for (Phase p : phases) {
        // Long enough that a connection opened in the ramp outlives its timeout unless the server ends it.
        long needed = rampMs(p, o) / 1000 + p.timeoutSec() + TIMEOUT_SLACK_SEC + 3;
        if (p.count() > 0 && o.phaseSeconds() < needed) {
          throw new IllegalArgumentException("--phase-seconds " + o.phaseSeconds() + " is too short to see "
              + p.timeoutKey() + "=" + p.timeoutSec() + " fire in the " + p.label() + " phase: it needs " + needed);
        }
      }
      List<PhaseResult> results = new ArrayList<>();
      int baselineFds = -1;
      for (Phase p : phases) {
        if (p.script() != null && p.count() == 0) {
          continue; // this attack left out (--idle 0, --uploads 0, --slowloris 0)
        }
        PhaseResult r = runPhase(o, p, probe, server, pid, perSource);
        if (baselineFds < 0) {
          baselineFds = r.fds().max();
        }
        results.add(r);
        System.out.printf("  %-16s done: p99 %s ms, peak %d fds%s%n", p.label(),
            ms(r.probe().servicePercentileNanos(99)), r.fds().max(),
            r.attack() == null ? "" : ", " + r.attack().stillOpen() + " attacking connections open at its end");
      }
      print(results, limits, baselineFds, o);
    }
  }

  private PhaseResult runPhase(Options o, Phase p, DescribeProbe probe, InetSocketAddress server, long pid,
      int perSource) throws Exception {
    probe.reconnect();
    FdSampler fds = new FdSampler(pid, server.getPort(), Duration.ofMillis(250));
    fds.start();
    ConnectionFlood flood = null;
    int seconds = p.count() == 0 ? o.baselineSeconds() : o.phaseSeconds();
    long rampMs = 0;
    if (p.count() > 0) {
      int addresses = (p.count() + perSource - 1) / perSource;
      flood = new ConnectionFlood(p.label(), server, ConnectionFlood.loopbackSources(p.addressBlock(), addresses),
          perSource, p.count(), p.script(), o.openRate(), Duration.ofMillis(o.reopenMs()), o.retryRefused());
      flood.start();
      rampMs = rampMs(p, o);
      Thread.sleep(rampMs);
    }
    Duration measured = Duration.ofMillis(seconds * 1_000L - rampMs);
    DescribeProbe.Result r = probe.run(o.rate(), measured);
    ConnectionFlood.Report attack = flood == null ? null : flood.stop();
    FdSampler.Range range = fds.stop();
    // Let the server see the attack's connections closed before the next phase.
    int after = FdSampler.count(Path.of("/proc/" + pid + "/fd"));
    for (int i = 0; i < 40 && after > range.min() + 20; i++) {
      Thread.sleep(250);
      after = FdSampler.count(Path.of("/proc/" + pid + "/fd"));
    }
    return new PhaseResult(p, measured.toMillis() / 1000.0, r, range, after, attack);
  }

  /** Measured once the attack is all open: its first connections at the given rate, and a second more. */
  private static long rampMs(Phase p, Options o) {
    return p.count() == 0 ? 0 : 1_000L * p.count() / o.openRate() + 1_000;
  }

  private static void createBucket(URI s3, String access, String secret) throws IOException {
    URI u = URI.create(s3 + "/" + BUCKET);
    Map<String, String> h = new S3Signer(access, secret, "eucalyptus").sign("PUT", u, Map.of(),
        S3Signer.EMPTY_SHA256, Instant.now());
    try (RawHttpClient http = new RawHttpClient(u, 30_000)) {
      RawHttpClient.Response r = http.send("PUT", u, h, new ByteArrayInputStream(new byte[0]), 0, true);
      if (r.status() != 200 && r.status() != 409) {
        throw new IOException("creating bucket " + BUCKET + " answered " + r.status() + ": "
            + new String(r.body(), StandardCharsets.UTF_8));
      }
    }
  }

  private static void print(List<PhaseResult> results, FrontDoorLimits limits, int baselineFds, Options o) {
    // At most 32 connections refused over the caps linger at a time (AdmittingServerChannel.MAX_LINGERING_REFUSALS;
    // the others are closed as they are accepted): those are its only descriptors beyond the cap.
    int fdBound = baselineFds + limits.maxConnections() + REFUSALS_AT_ONCE;
    System.out.printf("%nPhases of %d s (baseline %d s); DescribeInstances measured once each attack is open.%n",
        o.phaseSeconds(), o.baselineSeconds());
    StringBuilder head = new StringBuilder(String.format("%-40s", ""));
    results.forEach(r -> head.append(String.format("%18s", r.phase().label())));
    head.append("   target");
    System.out.println(head);
    row(results, "DescribeInstances p50 (ms)", r -> ms(r.probe().servicePercentileNanos(50)), "");
    row(results, "DescribeInstances p99 (ms)", r -> ms(r.probe().servicePercentileNanos(99)),
        String.format("< %.0f", P99_TARGET_MS));
    row(results, "  max (ms)", r -> ms(r.probe().servicePercentileNanos(100)), "");
    row(results, "  from schedule: p50 / p99 (ms)", r -> ms(r.probe().percentileNanos(50)) + " / "
        + ms(r.probe().percentileNanos(99)), "");
    row(results, "  answered 200 / sent", r -> r.probe().okNanos().length + "/" + r.probe().sent(), "all");
    row(results, "  failed", r -> r.probe().failures().isEmpty() ? "-" : failures(r.probe().failures()), "");
    row(results, "  new connections (longest connect ms)", r -> r.probe().newConnections() + " ("
        + ms(r.probe().longestConnectNanos()) + ")", "");
    row(results, "server open fds: peak", r -> "" + r.fds().max(),
        "<= " + fdBound + " (baseline + HTTP_MAX_CONNECTIONS + " + REFUSALS_AT_ONCE + " being refused)");
    row(results, "  fewest / after the phase", r -> r.fds().min() + " / " + r.fdsAfter(), "");
    row(results, "server accept queue: longest", r -> "" + r.fds().acceptQueuePeak(), "");
    row(results, "attack: timeout (s)", r -> attack(r, a -> r.phase().timeoutSec() + " " + shortKey(r.phase())), "");
    row(results, "  connections opened", r -> attack(r, a -> "" + a.opened()), "");
    row(results, "  refused (503)", r -> attack(r, a -> "" + a.refused()), "");
    row(results, "  503 said", r -> attack(r, a -> a.refusalBody() == null ? "-" : quote(a.refusalBody())), "");
    row(results, "  other answers",
        r -> attack(r, a -> a.otherAnswers().isEmpty() ? "-" : a.otherAnswers().toString()), "");
    row(results, "  closed unanswered / by a reset",
        r -> attack(r, a -> a.closedUnanswered() + " / " + a.resets()), "");
    row(results, "  lifetime min/median/max (s) *", r -> attack(r, FrontDoorBench::lifetimes),
        "max <= timeout + " + TIMEOUT_SLACK_SEC);
    row(results, "  still open at the end (oldest s)", r -> attack(r, a -> a.stillOpen() + " ("
        + String.format("%.1f", a.oldestOpenMs() / 1000.0) + ")"), "none older than timeout + " + TIMEOUT_SLACK_SEC);
    row(results, "  connect failures / connecting",
        r -> attack(r, a -> a.connectFailures() + " / " + a.connecting()), "");
    System.out.println("  * from the client's connect to the server's close, so including any wait in the accept queue;"
        + " connections answered 503 left out");
    for (PhaseResult r : results) {
      if (r.attack() != null && r.attack().firstConnectError() != null) {
        System.out.printf("  (%s: the first failed connect: %s)%n", r.phase().label(), r.attack().firstConnectError());
      }
    }

    System.out.println();
    System.out.println("Targets:");
    for (PhaseResult r : results) {
      List<String> missed = new ArrayList<>();
      long p99 = r.probe().servicePercentileNanos(99);
      if (p99 < 0 || p99 / 1e6 >= P99_TARGET_MS) {
        missed.add("p99 " + ms(p99) + " ms >= " + (int) P99_TARGET_MS);
      }
      if (r.probe().failed() > 0) {
        missed.add(r.probe().failed() + " DescribeInstances failed");
      }
      if (r.fds().max() > fdBound) {
        missed.add("peak " + r.fds().max() + " fds > " + fdBound);
      }
      ConnectionFlood.Report a = r.attack();
      if (a != null) {
        long bound = (r.phase().timeoutSec() + TIMEOUT_SLACK_SEC) * 1_000L;
        long over = a.lifetimesMs().stream().filter(l -> l > bound).count();
        if (over > 0) {
          missed.add(over + " connections lived longer than " + r.phase().timeoutSec() + "+" + TIMEOUT_SLACK_SEC
              + " s");
        }
        if (a.oldestOpenMs() > bound) {
          missed.add("still open after " + String.format("%.1f", a.oldestOpenMs() / 1000.0) + " s (timeout "
              + r.phase().timeoutSec() + " s)");
        }
      }
      System.out.printf("  %-16s %s%n", r.phase().label(),
          missed.isEmpty() ? "met" : "MISSED: " + String.join("; ", missed));
    }
    if (limits.equals(FrontDoorLimits.SERVER_DEFAULTS)) {
      System.out.println("(the server's conf sets none of the HTTP_* keys: the targets are its defaults)");
    }
  }

  private static String quote(String s) {
    String line = s.lines().findFirst().orElse("");
    return "\"" + (line.length() > 14 ? line.substring(0, 14) : line) + "\"";
  }

  private static String shortKey(Phase p) {
    return p.timeoutKey().replace("HTTP_", "").replace("_TIMEOUT_SEC", "").toLowerCase(java.util.Locale.ROOT);
  }

  private static String lifetimes(ConnectionFlood.Report a) {
    if (a.lifetimesMs().isEmpty()) {
      return "none closed";
    }
    long[] l = a.lifetimesMs().stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format("%.1f/%.1f/%.1f", l[0] / 1000.0, l[l.length / 2] / 1000.0, l[l.length - 1] / 1000.0);
  }

  private static String failures(Map<String, Integer> f) {
    StringBuilder b = new StringBuilder();
    f.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
    return b.toString();
  }

  private static String attack(PhaseResult r, java.util.function.Function<ConnectionFlood.Report, String> f) {
    return r.attack() == null ? "-" : f.apply(r.attack());
  }

  private static void row(List<PhaseResult> results, String name, java.util.function.Function<PhaseResult, String> f,
      String target) {
    StringBuilder b = new StringBuilder(String.format("%-40s", name));
    results.forEach(r -> b.append(String.format("%18s", f.apply(r))));
    b.append("   ").append(target);
    System.out.println(b.toString().stripTrailing());
  }

  private static String ms(long nanos) {
    return nanos < 0 ? "-" : String.format("%.1f", nanos / 1e6);
  }

  /** The soft "Max open files" of a process ("self" for this one), or -1. */
  private static long openFilesLimit(String pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
        if (line.startsWith("Max open files")) {
          return Long.parseLong(line.substring(26).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return -1;
  }
}
