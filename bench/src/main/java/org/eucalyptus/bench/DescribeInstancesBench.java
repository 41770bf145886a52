package org.eucalyptus.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eucalyptus.common.auth.QuerySigner;
import org.eucalyptus.common.credentials.EucarcFile;
import org.eucalyptus.tools.admin.Ec2QueryClient;

/**
 * DescribeInstances at scale, on a chain of separate processes (CLC with its database, a CC, NCs on
 * libvirt's test driver): requests a second listing {@code instances} running instances (4 clients
 * of a raw signed HTTP client), then, with {@code byIdInstances} in the cloud, the latency (p50, p99)
 * of one instance asked for by id and by an instance-id filter, each beside its target. Runs on the
 * embedded H2 database, on PostgreSQL (a throwaway database on 127.0.0.1:5432), or both.
 */
public final class DescribeInstancesBench {
  private static final double RATE_TARGET = 200;
  private static final double P99_TARGET_MS = 5;
  private static final Pattern INSTANCE_ID = Pattern.compile("<instanceId>(i-[0-9a-f]+)</instanceId>");

  /** The command line: {@code --name value} pairs. */
  record Options(int instances, int byIdInstances, int clients, int seconds, int probes, int nodes, List<String> dbs,
      String jfr, int clcPort, int ccPort, int ncPort) {
    static Options parse(String[] args) {
      Map<String, String> o = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].startsWith("--") && i + 1 < args.length) {
          o.put(args[i].substring(2), args[++i]);
        } else {
          throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      List<String> known = List.of("instances", "by-id-instances", "clients", "seconds", "probes", "nodes", "db", "jfr");
      for (String k : o.keySet()) {
        if (!known.contains(k)) {
          throw new IllegalArgumentException("unknown option --" + k + " (known: " + known + ")");
        }
      }
      String db = o.getOrDefault("db", "both");
      List<String> dbs = switch (db) {
        case "both" -> List.of("h2", "postgresql");
        case "h2", "postgresql" -> List.of(db);
        default -> throw new IllegalArgumentException("--db is h2, postgresql or both, not " + db);
      };
      int instances = atLeast(o, "instances", 1000, 1);
      Map<String, String> env = System.getenv();
      return new Options(instances, atLeast(o, "by-id-instances", 10_000, 0), atLeast(o, "clients", 4, 1),
          atLeast(o, "seconds", 10, 1), atLeast(o, "probes", 2000, 10), atLeast(o, "nodes", 2, 1), dbs,
          o.get("jfr"), Integer.parseInt(env.getOrDefault("CLC_PORT", "25773")),
          Integer.parseInt(env.getOrDefault("CC_PORT", "25774")), Integer.parseInt(env.getOrDefault("NC_PORT", "25775")));
    }

    private static int atLeast(Map<String, String> o, String name, int dflt, int min) {
      int v = Integer.parseInt(o.getOrDefault(name, "" + dflt));
      if (v < min) {
        throw new IllegalArgumentException("--" + name + " must be at least " + min);
      }
      return v;
    }
  }

  /** What one database's run measured. */
  record Figures(String db, double listRate, long listBytes, double byIdP50, double byIdP99, double filterP50,
      double filterP99, int inCloud) {}

  private final Options options;
  private final Path src;

  DescribeInstancesBench(Options options, Path src) {
    this.options = options;
    this.src = src;
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("describe-instances: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path src = Path.of(System.getProperty("euca.src", ".")).toAbsolutePath().normalize();
    DescribeInstancesBench b = new DescribeInstancesBench(o, src);
    List<Figures> all = new ArrayList<>();
    for (String db : o.dbs()) {
      all.add(b.runOn(db));
    }
    b.report(all);
  }

  Figures runOn(String db) throws Exception {
    Path work = Files.createTempDirectory("euca-bench-describe-" + db + "-");
    ComponentCloud cloud = new ComponentCloud(src, work);
    String pgName = db.equals("postgresql") ? "euca_bench_describe_" + ProcessHandle.current().pid() : null;
    Thread stopper = new Thread(cloud::close, "stop-cloud");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      Map<String, String> clcSettings = new LinkedHashMap<>();
      if (pgName != null) {
        postgres("create database " + pgName);
        clcSettings.put("CLC_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + pgName);
        clcSettings.put("CLC_DB_USER", "postgres");
      }
      Map<String, String> clcEnv = new LinkedHashMap<>();
      if (options.jfr() != null) {
        Path jfr = Path.of(options.jfr()).toAbsolutePath();
        Files.createDirectories(jfr);
        clcEnv.put("EUCA_JAVA_OPTS", System.getenv().getOrDefault("EUCA_JAVA_OPTS", "")
            + " -XX:StartFlightRecording=filename=" + jfr.resolve("clc-" + db + ".jfr")
            + ",settings=profile,dumponexit=true");
      }
      return measure(db, cloud, work, clcSettings, clcEnv);
    } finally {
      cloud.close();
      Runtime.getRuntime().removeShutdownHook(stopper);
      if (pgName != null) {
        postgres("drop database if exists " + pgName + " with (force)");
      }
      System.out.println("(" + db + ": logs and data in " + work + ")");
    }
  }

  private Figures measure(String db, ComponentCloud cloud, Path work, Map<String, String> clcSettings,
      Map<String, String> clcEnv) throws Exception {
    long t0 = System.nanoTime();
    int most = Math.max(options.instances(), options.byIdInstances());
    Path eucarc = cloud.startChain(new ComponentCloud.Ports(options.clcPort(), options.ccPort(), options.ncPort(),
        options.nodes(), 0), most, clcSettings, clcEnv);
    Map<String, String> creds = EucarcFile.read(eucarc);
    URI ec2Url = URI.create(creds.get("EC2_URL"));
    Ec2QueryClient admin = new Ec2QueryClient(ec2Url, creds.get("EC2_ACCESS_KEY"), creds.get("EC2_SECRET_KEY"),
        "eucalyptus");
    cloud.waitFor(() -> "available".equals(quietly(() -> Ec2QueryClient.element(
        admin.call("DescribeAvailabilityZones", Map.of()), "zoneState"))), Duration.ofSeconds(60), "cluster01");
    System.out.printf("[%s] cloud up in %.1f s (logs in %s)%n", db, (System.nanoTime() - t0) / 1e9, work.resolve("log"));
    Path image = Files.write(work.resolve("bench.img"), new byte[4096]);
    String emi = Ec2QueryClient.element(admin.call("RegisterImage",
        Map.of("ImageLocation", image.toUri().toString(), "Name", "describe-bench")), "imageId");
    Signed client = new Signed(ec2Url, creds.get("EC2_ACCESS_KEY"), creds.get("EC2_SECRET_KEY"));

    launch(db, cloud, admin, client, emi, 0, options.instances());
    DescribeLoad load = new DescribeLoad(ec2Url, creds.get("EC2_ACCESS_KEY"), creds.get("EC2_SECRET_KEY"),
        "eucalyptus");
    long listBytes = client.send("Action=DescribeInstances&Version=2012-05-01").length;
    load.run(options.clients(), Duration.ofSeconds(3));
    DescribeLoad.Result rate = load.run(options.clients(), Duration.ofSeconds(options.seconds()));
    if (rate.failed() > 0) {
      System.out.println("  failed requests: " + rate.failures());
    }
    System.out.printf("[%s] DescribeInstances of %d instances: %.0f req/s (%d clients, %d s, %d bytes an answer)%n",
        db, options.instances(), rate.perSecond(), options.clients(), options.seconds(), listBytes);

    if (options.byIdInstances() < options.instances()) {
      return new Figures(db, rate.perSecond(), listBytes, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          options.instances());
    }
    if (options.byIdInstances() > options.instances()) {
      launch(db, cloud, admin, client, emi, options.instances(), options.byIdInstances());
    }
    List<String> ids = ids(client);
    long[] byId = probe(client, ids, id -> "InstanceId.1=" + id, options.probes());
    long[] byFilter = probe(client, ids, id -> "Filter.1.Name=instance-id&Filter.1.Value.1=" + id,
        options.probes());
    return new Figures(db, rate.perSecond(), listBytes, pct(byId, 50), pct(byId, 99), pct(byFilter, 50),
        pct(byFilter, 99), ids.size());
  }

  /** Runs instances in batches of 100 until {@code to} are running, then waits for all to run. */
  private void launch(String db, ComponentCloud cloud, Ec2QueryClient admin, Signed client, String emi, int from,
      int to) throws Exception {
    long t0 = System.nanoTime();
    for (int done = from; done < to; ) {
      int n = Math.min(100, to - done);
      Map<String, String> run = Map.of("ImageId", emi, "InstanceType", "m1.small", "MinCount", "" + n,
          "MaxCount", "" + n);
      try {
        admin.call("RunInstances", run);
      } catch (Ec2QueryClient.ServiceError e) {
        // A loaded machine's embedded database can time out a lock: one more try, then give up.
        System.out.println("  RunInstances refused (" + e.code() + "), trying once more");
        Thread.sleep(2000);
        admin.call("RunInstances", run);
      }
      done += n;
    }
    cloud.waitFor(() -> Boolean.TRUE.equals(quietly(() -> count(new String(client.send(
        "Action=DescribeInstances&Version=2012-05-01&Filter.1.Name=instance-state-name&Filter.1.Value.1=running"),
        StandardCharsets.UTF_8), "<instanceId>") == to)), Duration.ofMinutes(30), to + " running instances");
    System.out.printf("[%s] %d instances running (%d launched in %.1f s)%n", db, to, to - from,
        (System.nanoTime() - t0) / 1e9);
  }

  /** Latencies (ns, sorted) of one client asking for one instance at a time, random ids, after a warm-up. */
  static long[] probe(Signed client, List<String> ids, java.util.function.Function<String, String> select,
      int probes) throws IOException {
    Random random = new Random(20);
    for (int i = 0; i < 200; i++) {
      client.send("Action=DescribeInstances&Version=2012-05-01&" + select.apply(ids.get(random.nextInt(ids.size()))));
    }
    long[] lat = new long[probes];
    for (int i = 0; i < lat.length; i++) {
      String id = ids.get(random.nextInt(ids.size()));
      long t0 = System.nanoTime();
      byte[] answer = client.send("Action=DescribeInstances&Version=2012-05-01&" + select.apply(id));
      lat[i] = System.nanoTime() - t0;
      if (answer.length > 8192) {
        throw new IllegalStateException("asked for " + id + ", answered " + answer.length + " bytes");
      }
    }
    Arrays.sort(lat);
    return lat;
  }

  static List<String> ids(Signed client) throws IOException {
    Matcher m = INSTANCE_ID.matcher(new String(client.send("Action=DescribeInstances&Version=2012-05-01"),
        StandardCharsets.UTF_8));
    List<String> ids = new ArrayList<>();
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  private void report(List<Figures> all) {
    System.out.printf("%nDescribeInstances (raw signed HTTP client, Signature V4)%n");
    System.out.printf("  %-52s %12s %12s%n", "", "measured", "target");
    for (Figures f : all) {
      System.out.printf("  [%s]%n", f.db());
      line(String.format("list of %d instances, req/s (%d clients)", options.instances(), options.clients()),
          f.listRate(), RATE_TARGET, true);
      if (!Double.isNaN(f.byIdP99())) {
        line(String.format("one by id, %d in the cloud, p50 ms", f.inCloud()), f.byIdP50(), Double.NaN, false);
        line(String.format("one by id, %d in the cloud, p99 ms", f.inCloud()), f.byIdP99(), P99_TARGET_MS, false);
        line(String.format("one by instance-id filter, %d in the cloud, p50 ms", f.inCloud()), f.filterP50(),
            Double.NaN, false);
        line(String.format("one by instance-id filter, %d in the cloud, p99 ms", f.inCloud()), f.filterP99(),
            P99_TARGET_MS, false);
      }
    }
  }

  static void line(String what, double value, double target, boolean atLeast) {
    String verdict = Double.isNaN(target) ? "" : (atLeast ? value >= target : value <= target) ? "MET" : "MISSED";
    System.out.printf("  %-52s %12.2f %12s  %s%n", what, value,
        Double.isNaN(target) ? "" : (atLeast ? ">= " : "<= ") + (int) target, verdict);
  }

  static double pct(long[] sorted, int p) {
    int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
  }

  static int count(String xml, String needle) {
    int n = 0;
    for (int i = xml.indexOf(needle); i >= 0; i = xml.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  static void postgres(String sql) throws Exception {
    Connection c;
    try {
      c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("PostgreSQL is not reachable on 127.0.0.1:5432 as user postgres with trust ("
          + e.getMessage() + "): start it with tools/setup-test-postgres, or pass --db h2", e);
    }
    try (c; Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** One kept-alive connection signing each request (Signature V4) as it sends it; answers as bytes. */
  static final class Signed {
    private final URI endpoint;
    private final QuerySigner signer;
    private final RawHttpClient http;

    Signed(URI endpoint, String accessKey, String secretKey) {
      this(endpoint, accessKey, secretKey, Duration.ofMinutes(2));
    }

    Signed(URI endpoint, String accessKey, String secretKey, Duration timeout) {
      this.endpoint = endpoint;
      this.signer = new QuerySigner(accessKey, secretKey, "eucalyptus", "ec2");
      this.http = new RawHttpClient(endpoint, (int) timeout.toMillis());
    }

    byte[] send(String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      Map<String, String> headers = signer.sign(endpoint, body, Instant.now());
      RawHttpClient.Response r = http.send("POST", endpoint, headers, new ByteArrayInputStream(bytes), bytes.length,
          true);
      if (r.status() != 200) {
        throw new IOException("DescribeInstances answered " + r.status() + ": "
            + new String(r.body(), StandardCharsets.UTF_8));
      }
      return r.body();
    }
  }

  /** A check's value, or null when the call failed (the cloud is still coming up). */
  interface Check<T> {
    T get() throws Exception;
  }

  static <T> T quietly(Check<T> c) {
    try {
      return c.get();
    } catch (Exception e) {
      return null;
    }
  }
}
