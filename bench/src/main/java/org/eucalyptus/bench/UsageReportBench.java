package org.eucalyptus.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.persistence.DatabaseSettings;
import org.eucalyptus.clc.usage.UsageReport;

/**
 * bench/usage-report: how long one account's usage report over a year takes, read from a year of hourly
 * rollups (the account's {@code --instances} instances spread over {@code --users} users and the five
 * instance types, plus {@code --volumes} volumes, beside {@code --other-accounts} other accounts' usage),
 * for a range of whole hours and for one whose ends fall inside hours (read from the raw intervals),
 * on the CLC's own database code, H2 and PostgreSQL. Target: under a second.
 */
public final class UsageReportBench {
  static final double TARGET_MS = 1000;
  static final String[] TYPES = {"m1.small", "c1.medium", "m1.large", "m1.xlarge", "c1.xlarge"};
  static final int[][] SHAPES = {{1, 128}, {1, 256}, {2, 512}, {2, 1024}, {4, 2048}};

  private UsageReportBench() {}

  public static void main(String[] args) throws Exception {
    int instances = 1000;
    int users = 10;
    int volumes = 200;
    int others = 9;
    String dbs = "both";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--instances" -> instances = Integer.parseInt(args[++i]);
        case "--users" -> users = Integer.parseInt(args[++i]);
        case "--volumes" -> volumes = Integer.parseInt(args[++i]);
        case "--other-accounts" -> others = Integer.parseInt(args[++i]);
        case "--db" -> dbs = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (known: --instances N --users N --volumes N --other-accounts N --db h2|postgresql|both)");
      }
    }
    List<String> which = dbs.equals("both") ? List.of("h2", "postgresql") : List.of(dbs);
    System.out.printf("Usage report of one account over a year of hourly rollups: %d instances (%d users, %d types),"
        + " %d volumes, beside %d other accounts%n", instances, users, TYPES.length, volumes, others);
    for (String db : which) {
      run(db, instances, users, volumes, others);
    }
  }

  static void run(String kind, int instances, int users, int volumes, int others) throws Exception {
    Path dir = Files.createTempDirectory("euca-usage-bench");
    String pg = "euca_bench_usage_" + ProcessHandle.current().pid();
    DatabaseSettings settings = DatabaseSettings.embedded(dir);
    if (kind.equals("postgresql")) {
      DescribeInstancesBench.postgres("create database " + pg);
      settings = new DatabaseSettings("jdbc:postgresql://127.0.0.1:5432/" + pg + "?reWriteBatchedInserts=true",
          "postgres", "", 4);
    }
    try (Database db = new Database(settings, CloudController.ENTITIES)) {
      IdentityStore ids = new IdentityStore(db, Clock.systemUTC());
      List<String> accounts = new ArrayList<>();
      for (int a = 0; a <= others; a++) {
        accounts.add(ids.createAccount("usage-" + a).accountNumber());
      }
      String mine = accounts.get(0);
      Instant year = Instant.parse("2025-01-01T00:00:00Z");
      Instant end = year.plus(Duration.ofDays(365));
      long t0 = System.nanoTime();
      long rows = seed(db, mine, accounts.subList(1, accounts.size()), year, end, instances, users, volumes);
      System.out.printf("  %s: seeded %,d hourly and daily rows and %,d raw intervals in %.1f s%n", kind, rows,
          instances + volumes, (System.nanoTime() - t0) / 1e9);
      UsageReport report = new UsageReport(db);
      Instant now = end.plus(Duration.ofDays(1));
      if (kind.equals("postgresql")) {
        db.run(s -> s.doWork(c -> c.createStatement().execute("analyze"))); // as autovacuum has, in a steady cloud
      }
      measure(kind + ", whole hours (a year)", h -> report.between(hours(year, h), hours(end, h), now, mine), instances);
      measure(kind + ", ends inside hours", h -> report.between(hours(year, h).plus(Duration.ofMinutes(30)),
          hours(end, h).minus(Duration.ofMinutes(30)), now, mine), instances);
      measure(kind + ", every account (a year)", h -> report.between(hours(year, h), hours(end, h), now, null),
          instances);
    } finally {
      if (kind.equals("postgresql")) {
        DescribeInstancesBench.postgres("drop database if exists " + pg);
      }
    }
  }

  interface Report {
    /** The report, its range moved {@code shift} hours later (no run reads what an earlier one did). */
    List<UsageReport.Line> run(int shift);
  }

  static void measure(String what, Report r, int instances) {
    r.run(-2); // warm: the JIT and the database's caches
    r.run(-1);
    double[] ms = new double[5];
    List<UsageReport.Line> lines = List.of();
    for (int i = 0; i < ms.length; i++) {
      long t = System.nanoTime();
      lines = r.run(-i - 3); // a range the database has not answered before (H2 keeps a result for a query asked again)
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    double instanceHours = lines.stream().filter(l -> l.kind().equals("instance")).mapToDouble(UsageReport.Line::hours)
        .sum();
    System.out.printf("  %-34s median %7.1f ms, slowest %7.1f ms  (target < %.0f ms: %s); %d lines, %,.0f instance"
        + " hours%n", what, ms[ms.length / 2], ms[ms.length - 1], TARGET_MS, ms[ms.length - 1] < TARGET_MS ? "met"
        : "MISSED", lines.size(), instanceHours);
  }

  private static Instant hours(Instant t, int n) {
    return t.plus(Duration.ofHours(n));
  }

  /** A year of hourly rows: the account's instances by user and type, its volumes, the others' few rows. */
  static long seed(Database db, String mine, List<String> others, Instant from, Instant to, int instances, int users,
      int volumes) {
    long[] rows = {0};
    db.run(s -> s.doWork(c -> {
      for (boolean daily : new boolean[] {false, true}) {
        String table = daily ? "usage_daily (day_start" : "usage_hourly (hour_start";
        Duration step = daily ? Duration.ofDays(1) : Duration.ofHours(1);
        long ms = step.toMillis();
        try (PreparedStatement st = c.prepareStatement("insert into " + table + ", account_number, user_id,"
            + " zone, kind, detail, held_ms, gib_ms, core_ms, memory_mb_ms) values (?, ?, ?, 'zone-a', ?, ?, ?, ?, ?, ?)")) {
          int batch = 0;
          for (Instant h = from; h.isBefore(to); h = h.plus(step)) {
            for (int u = 0; u < users; u++) {
              for (int t = 0; t < TYPES.length; t++) {
                int combos = users * TYPES.length;
                int n = instances / combos + ((u * TYPES.length + t) < instances % combos ? 1 : 0);
                add(st, h, mine, "user-" + u, "instance", TYPES[t], n * ms, 0, (long) n * SHAPES[t][0] * ms,
                    (long) n * SHAPES[t][1] * ms);
                batch++;
              }
              long v = volumes / users;
              add(st, h, mine, "user-" + u, "volume", "", v * ms, v * 10 * ms, 0, 0);
              batch++;
            }
            for (String other : others) {
              add(st, h, other, "user-0", "instance", "m1.small", ms, 0, ms, 128 * ms);
              batch++;
            }
            if (batch >= 5000) {
              st.executeBatch();
              rows[0] += batch;
              batch = 0;
            }
          }
          st.executeBatch();
          rows[0] += batch;
        }
      }
      // Each instance and volume as one raw interval over the year, for the ranges whose ends are inside hours.
      try (PreparedStatement st = c.prepareStatement("insert into usage_intervals (kind, resource_id, account_number,"
          + " user_id, zone, detail, size_gib, cores, memory_mb, since, until) values (?, ?, ?, ?, 'zone-a', ?, ?, ?, ?,"
          + " ?, ?)")) {
        for (int i = 0; i < instances + volumes; i++) {
          boolean vm = i < instances;
          int t = i % TYPES.length;
          st.setString(1, vm ? "instance" : "volume");
          st.setString(2, String.format(vm ? "i-%08x" : "vol-%08x", i));
          st.setString(3, mine);
          st.setString(4, "user-" + (i % users));
          st.setString(5, vm ? TYPES[t] : "");
          st.setLong(6, vm ? 0 : 10);
          st.setInt(7, vm ? SHAPES[t][0] : 0);
          st.setInt(8, vm ? SHAPES[t][1] : 0);
          st.setObject(9, from.atOffset(ZoneOffset.UTC));
          st.setObject(10, to.atOffset(ZoneOffset.UTC));
          st.addBatch();
        }
        st.executeBatch();
      }
    }));
    return rows[0];
  }

  private static void add(PreparedStatement st, Instant hour, String account, String user, String kind, String type,
      long held, long gib, long core, long mem) throws java.sql.SQLException {
    st.setObject(1, hour.atOffset(ZoneOffset.UTC));
    st.setString(2, account);
    st.setString(3, user);
    st.setString(4, kind);
    st.setString(5, type);
    st.setLong(6, held);
    st.setLong(7, gib);
    st.setLong(8, core);
    st.setLong(9, mem);
    st.addBatch();
  }
}
