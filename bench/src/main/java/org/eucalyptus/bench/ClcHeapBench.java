package org.eucalyptus.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.persistence.DatabaseSettings;
import org.eucalyptus.common.credentials.EucarcFile;
import org.eucalyptus.tools.admin.Ec2QueryClient;

/**
 * The cloud controller's heap with many instances in many accounts. A chain of processes (CLC with
 * Walrus, a CC, NCs on libvirt's test driver) runs {@code launched} instances; the CLC is stopped,
 * its database gets rows for the rest of {@code instances} (running, not on the CC: the sync counts them
 * as missing, kept running by CLC_INSTANCE_LOST_SEC) and gives them to {@code accounts} accounts (rows of accounts, their admins and access keys
 * written directly, the instances spread round-robin, each with a tag), and the CLC starts again on it
 * with the heap it will have in production ({@code --clc-heap}, 1 GiB), its cluster sync following the
 * CC, which reports every instance. Once every account has listed its instances (each DescribeInstances
 * item rendered and kept), the CLC's live heap after a full GC is printed beside the 1 GiB target, with
 * the classes holding most. On H2 and PostgreSQL.
 */
public final class ClcHeapBench {
  private static final long TARGET_MIB = 1024;

  record Options(int instances, int launched, int accounts, int nodes, List<String> dbs, String clcHeap, int clcPort, int ccPort,
      int ncPort) {
    static Options parse(String[] args) {
      Map<String, String> o = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].startsWith("--") && i + 1 < args.length) {
          o.put(args[i].substring(2), args[++i]);
        } else {
          throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      List<String> known = List.of("instances", "launched", "accounts", "nodes", "db", "clc-heap");
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
      Map<String, String> env = System.getenv();
      int accounts = Integer.parseInt(o.getOrDefault("accounts", "100"));
      if (accounts < 1 || accounts > 9999) {
        throw new IllegalArgumentException("--accounts is 1 to 9999");
      }
      int instances = Integer.parseInt(o.getOrDefault("instances", "10000"));
      int launched = Math.min(instances, Integer.parseInt(o.getOrDefault("launched", "1000")));
      return new Options(instances, launched, accounts,
          Integer.parseInt(o.getOrDefault("nodes", "2")), dbs, o.getOrDefault("clc-heap", "1g"),
          Integer.parseInt(env.getOrDefault("CLC_PORT", "24773")), Integer.parseInt(env.getOrDefault("CC_PORT", "24774")),
          Integer.parseInt(env.getOrDefault("NC_PORT", "24775")));
    }
  }

  record Figures(String db, int instances, int accounts, HeapAfterGc.Live live) {}

  private final Options options;
  private final Path src;

  ClcHeapBench(Options options, Path src) {
    this.options = options;
    this.src = src;
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("clc-heap: " + e.getMessage());
      System.exit(2);
      return;
    }
    ClcHeapBench b = new ClcHeapBench(o, Path.of(System.getProperty("euca.src", ".")).toAbsolutePath().normalize());
    List<Figures> all = new ArrayList<>();
    for (String db : o.dbs()) {
      all.add(b.runOn(db));
    }
    System.out.printf("%nCLC heap after a full GC (jcmd GC.class_histogram), its cluster sync following the CC%n");
    for (Figures f : all) {
      System.out.printf("  [%s] %,d instances in %d accounts: %8.1f MiB   target <= %d MiB  %s%n", f.db(),
          f.instances(), f.accounts(), f.live().mib(), TARGET_MIB, f.live().mib() <= TARGET_MIB ? "MET" : "MISSED");
    }
  }

  Figures runOn(String db) throws Exception {
    Path work = Files.createTempDirectory("euca-bench-clcheap-" + db + "-");
    ComponentCloud cloud = new ComponentCloud(src, work);
    String pgName = db.equals("postgresql") ? "clcheap_bench_" + ProcessHandle.current().pid() : null;
    Thread stopper = new Thread(cloud::close, "stop-cloud");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      Map<String, String> clcSettings = new LinkedHashMap<>();
      clcSettings.put("CLC_INSTANCE_LOST_SEC", "86400"); // the rows the CC does not have stay running
      DatabaseSettings dbSettings = DatabaseSettings.embedded(cloud.clcData());
      if (pgName != null) {
        postgres("create database " + pgName);
        dbSettings = new DatabaseSettings("jdbc:postgresql://127.0.0.1:5432/" + pgName, "postgres", "", 2);
        clcSettings.put("CLC_DB_URL", dbSettings.jdbcUrl());
        clcSettings.put("CLC_DB_USER", "postgres");
      }
      return measure(db, cloud, dbSettings, clcSettings);
    } finally {
      cloud.close();
      Runtime.getRuntime().removeShutdownHook(stopper);
      if (pgName != null) {
        postgres("drop database if exists " + pgName + " with (force)");
      }
      System.out.println("(" + db + ": logs and data in " + work + ")");
    }
  }

  private Figures measure(String db, ComponentCloud cloud, DatabaseSettings dbSettings,
      Map<String, String> clcSettings) throws Exception {
    long t0 = System.nanoTime();
    Path eucarc = cloud.startChain(new ComponentCloud.Ports(options.clcPort(), options.ccPort(), options.ncPort(),
        options.nodes(), 0), options.launched(), clcSettings, Map.of("EUCA_JAVA_OPTS", "-Xmx" + options.clcHeap()));
    Map<String, String> creds = EucarcFile.read(eucarc);
    URI ec2Url = URI.create(creds.get("EC2_URL"));
    Ec2QueryClient admin = new Ec2QueryClient(ec2Url, creds.get("EC2_ACCESS_KEY"), creds.get("EC2_SECRET_KEY"),
        "eucalyptus");
    waitForZone(cloud, admin);
    System.out.printf("[%s] cloud up in %.1f s%n", db, (System.nanoTime() - t0) / 1e9);
    Path image = Files.write(cloud.clcData().resolveSibling("bench.img"), new byte[4096]);
    String emi = Ec2QueryClient.element(admin.call("RegisterImage",
        Map.of("ImageLocation", image.toUri().toString(), "Name", "heap-bench")), "imageId");
    long t1 = System.nanoTime();
    for (int done = 0; done < options.launched(); ) {
      int n = Math.min(100, options.launched() - done);
      Map<String, String> run = Map.of("ImageId", emi, "InstanceType", "m1.small", "MinCount", "" + n,
          "MaxCount", "" + n);
      try {
        admin.call("RunInstances", run);
      } catch (Ec2QueryClient.ServiceError e) {
        System.out.println("  RunInstances refused (" + e.code() + "), trying once more");
        Thread.sleep(2000);
        admin.call("RunInstances", run);
      }
      done += n;
    }
    cloud.waitFor(() -> running(admin) == options.launched(), Duration.ofMinutes(30),
        options.launched() + " running instances");
    System.out.printf("[%s] %d instances running in %.1f s%n", db, options.launched(), (System.nanoTime() - t1) / 1e9);

    cloud.stop("clc+walrus");
    List<Ec2QueryClient> tenants = spread(dbSettings, ec2Url, creds.get("EC2_ACCESS_KEY"));
    cloud.startAgain("clc+walrus");
    waitForZone(cloud, admin);
    // Every account lists its instances (each item rendered and kept), until all show as running.
    cloud.waitFor(() -> tenants.stream().mapToInt(ClcHeapBench::running).sum() == options.instances(),
        Duration.ofMinutes(10), "every account's instances running after the restart");
    for (Ec2QueryClient t : tenants) {
      t.call("DescribeInstances", Map.of());
    }
    long pid = cloud.processes().get("clc+walrus").pid();
    HeapAfterGc.Live live = HeapAfterGc.of(pid, 15);
    System.out.printf("[%s] CLC (pid %d) live heap after full GC: %.1f MiB; largest classes:%n", db, pid, live.mib());
    live.top().forEach(l -> System.out.println("    " + l));
    return new Figures(db, options.instances(), options.accounts(), live);
  }

  /**
   * With the CLC stopped: accounts 2..N (an admin user and an access key each) and the instances spread
   * over them and the cloud administrator's, each instance tagged; returns a client for each account.
   */
  private List<Ec2QueryClient> spread(DatabaseSettings dbs, URI ec2Url, String adminKey) throws Exception {
    List<Ec2QueryClient> clients = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(dbs.jdbcUrl(), dbs.user(), dbs.password())) {
      c.setAutoCommit(false);
      Timestamp now = Timestamp.from(Instant.now());
      List<String[]> owners = new ArrayList<>(); // account number, user id
      try (PreparedStatement q = c.prepareStatement("select u.account_number, u.user_id, k.secret_key from access_keys k,"
          + " users u where k.user_id = u.user_id and k.access_key_id = ?")) {
        q.setString(1, adminKey);
        try (ResultSet r = q.executeQuery()) {
          r.next();
          owners.add(new String[] {r.getString(1), r.getString(2)});
          clients.add(new Ec2QueryClient(ec2Url, adminKey, r.getString(3), "eucalyptus"));
        }
      }
      try (PreparedStatement acct = c.prepareStatement("insert into accounts (account_number, name, created) values (?, ?, ?)");
          PreparedStatement user = c.prepareStatement("insert into users (user_id, account_number, name, created)"
              + " values (?, ?, 'admin', ?)");
          PreparedStatement key = c.prepareStatement("insert into access_keys (access_key_id, secret_key, user_id, active,"
              + " created) values (?, ?, ?, true, ?)")) {
        for (int a = 1; a < options.accounts(); a++) {
          String number = String.format("9%011d", a);
          String userId = String.format("AIDBENCH%012d", a);
          String accessKey = String.format("AKIBENCH%012d", a);
          String secret = String.format("benchsecret%029d", a);
          acct.setString(1, number);
          acct.setString(2, "heapbench" + a);
          acct.setTimestamp(3, now);
          acct.addBatch();
          user.setString(1, userId);
          user.setString(2, number);
          user.setTimestamp(3, now);
          user.addBatch();
          key.setString(1, accessKey);
          key.setString(2, secret);
          key.setString(3, userId);
          key.setTimestamp(4, now);
          key.addBatch();
          owners.add(new String[] {number, userId});
          clients.add(new Ec2QueryClient(ec2Url, accessKey, secret, "eucalyptus"));
        }
        acct.executeBatch();
        user.executeBatch();
        key.executeBatch();
      }
      addRows(c, now);
      List<String> ids = new ArrayList<>();
      try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("select instance_id from instances"
          + " order by instance_id")) {
        while (r.next()) {
          ids.add(r.getString(1));
        }
      }
      try (PreparedStatement move = c.prepareStatement("update instances set account_number = ?, user_id = ?,"
              + " group_ids = null where instance_id = ?");
          PreparedStatement tag = c.prepareStatement("insert into tags (resource_id, tag_key, tag_value, resource_type,"
              + " account_number) values (?, 'Name', ?, 'instance', ?)")) {
        for (int i = 0; i < ids.size(); i++) {
          String[] owner = owners.get(i % owners.size());
          move.setString(1, owner[0]);
          move.setString(2, owner[1]);
          move.setString(3, ids.get(i));
          move.addBatch();
          tag.setString(1, ids.get(i));
          tag.setString(2, "web-" + i);
          tag.setString(3, owner[0]);
          tag.addBatch();
        }
        move.executeBatch();
        tag.executeBatch();
      }
      c.commit();
    }
    return clients;
  }

  /**
   * Instances beyond those launched, as rows only (running, on the first launched one's node): the CC
   * does not report them, so the sync counts them as missing (kept running by CLC_INSTANCE_LOST_SEC).
   */
  private void addRows(Connection c, Timestamp now) throws Exception {
    String[] t = new String[6];
    try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("select reservation_id, account_number,"
        + " user_id, image_id, vm_type, node from instances order by instance_id")) {
      r.next();
      for (int k = 0; k < t.length; k++) {
        t[k] = r.getString(k + 1);
      }
    }
    try (PreparedStatement ins = c.prepareStatement("insert into instances (instance_id, reservation_id, account_number,"
        + " user_id, image_id, vm_type, cluster, node, state, launch_index, mac_address, private_ip, launch_time,"
        + " state_changed) values (?, ?, ?, ?, ?, ?, 'cluster01', ?, 'running', 0, ?, ?, ?, ?)")) {
      for (int k = 0; k < options.instances() - options.launched(); k++) {
        ins.setString(1, String.format("i-f%07x", k));
        ins.setString(2, t[0]);
        ins.setString(3, t[1]);
        ins.setString(4, t[2]);
        ins.setString(5, t[3]);
        ins.setString(6, t[4]);
        ins.setString(7, t[5]);
        ins.setString(8, String.format("d0:0d:f0:%02x:%02x:%02x", (k >> 16) & 0xff, (k >> 8) & 0xff, k & 0xff));
        ins.setString(9, String.format("10.%d.%d.%d", 100 + ((k >> 16) & 0xff), (k >> 8) & 0xff, k & 0xff));
        ins.setTimestamp(10, now);
        ins.setTimestamp(11, now);
        ins.addBatch();
        if (k % 1000 == 999) {
          ins.executeBatch();
        }
      }
      ins.executeBatch();
    }
  }

  private static void waitForZone(ComponentCloud cloud, Ec2QueryClient admin) throws Exception {
    cloud.waitFor(() -> {
      try {
        return "available".equals(Ec2QueryClient.element(admin.call("DescribeAvailabilityZones", Map.of()),
            "zoneState"));
      } catch (Exception e) {
        return false;
      }
    }, Duration.ofMinutes(2), "cluster01 available");
  }

  /** How many instances the caller sees running (-1 when the call fails). */
  private static int running(Ec2QueryClient client) {
    try {
      String xml = client.call("DescribeInstances", Map.of("Filter.1.Name", "instance-state-name",
          "Filter.1.Value.1", "running"));
      int n = 0;
      for (int i = xml.indexOf("<instanceId>"); i >= 0; i = xml.indexOf("<instanceId>", i + 1)) {
        n++;
      }
      return n;
    } catch (Exception e) {
      return -1;
    }
  }

  private static void postgres(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
