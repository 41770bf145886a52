package org.eucalyptus.clc.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eucalyptus.clc.persistence.Database;

/**
 * Usage over a time range, by account, user, zone, kind and (for instances) type: whole days inside the
 * range from the daily rollups, whole hours at its ends from the hourly ones, the parts of hours at its
 * very ends from the raw intervals, and what is held now from the open intervals; so a report is exact to
 * the millisecond while its ends' raw events are kept, and a year reads some 365 rows a line, not a year's
 * events or hours.
 */
public final class UsageReport {
  /**
   * One line of a report: what was held, and for how long (in hours: GiB-hours, core-hours ...); for
   * buckets, byte-hours (S3's GiB-hours are {@code byteHours / 2^30}) and the requests made of them in
   * the whole hours of the range (Walrus counts requests by the hour).
   */
  public record Line(String account, String user, String zone, String kind, String detail, double hours,
      double gibHours, double coreHours, double memoryGibHours, double byteHours, long requests) {}

  /** The sums behind a line, in milliseconds (GiB-ms, core-ms, MiB-ms, byte-ms) and requests. */
  private static final class Sum {
    long held;
    long gib;
    long core;
    long memoryMb;
    java.math.BigInteger bytes = java.math.BigInteger.ZERO;
    long requests;
  }

  private final Database db;

  public UsageReport(Database db) {
    this.db = db;
  }

  /** Usage in [start, end), as of {@code now}; {@code account} null for every account. */
  public List<Line> between(Instant start, Instant end, Instant now, String account) {
    if (!end.isAfter(start)) {
      return List.of();
    }
    Instant dayFrom = HourlyUsage.dayAtOrAfter(start);
    Instant dayTo = HourlyUsage.dayOf(end);
    Map<List<String>, Sum> sums = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
    db.run(s -> s.doWork(c -> {
      if (dayFrom.isBefore(dayTo)) { // whole days, then the hours and parts of hours at either end
        rollups(c, "usage_daily", "day_start", dayFrom, dayTo, account, sums);
        hoursAndParts(c, start, dayFrom, account, sums);
        hoursAndParts(c, dayTo, end, account, sums);
      } else {
        hoursAndParts(c, start, end, account, sums);
      }
      open(c, start, end.isBefore(now) ? end : now, account, sums);
    }));
    List<Line> out = new ArrayList<>();
    double hour = 3_600_000.0;
    java.math.BigDecimal hourMs = java.math.BigDecimal.valueOf(3_600_000L);
    sums.forEach((k, v) -> out.add(new Line(k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), v.held / hour,
        v.gib / hour, v.core / hour, v.memoryMb / hour / 1024.0,
        new java.math.BigDecimal(v.bytes).divide(hourMs, 6, java.math.RoundingMode.HALF_UP).doubleValue(),
        v.requests)));
    return out;
  }

  /** The closed usage in [from, to): whole hours from the hourly rollups, the parts of hours at its ends raw. */
  private static void hoursAndParts(Connection c, Instant from, Instant to, String account,
      Map<List<String>, Sum> sums) throws SQLException {
    if (!to.isAfter(from)) {
      return;
    }
    Instant hourFrom = HourlyUsage.hourAtOrAfter(from);
    Instant hourTo = HourlyUsage.hourOf(to);
    if (hourFrom.isBefore(hourTo)) {
      rollups(c, "usage_hourly", "hour_start", hourFrom, hourTo, account, sums);
      edges(c, from, hourFrom, account, sums);
      edges(c, hourTo, to, account, sums);
    } else {
      edges(c, from, to, account, sums); // within one hour
    }
  }

  private static void rollups(Connection c, String table, String period, Instant from, Instant to, String account,
      Map<List<String>, Sum> sums) throws SQLException {
    String sql = "select account_number, user_id, zone, kind, detail, sum(held_ms), sum(gib_ms), sum(core_ms),"
        + " sum(memory_mb_ms), sum(byte_ms), sum(requests) from " + table + " where " + period + " >= ? and " + period + " < ?"
        + (account == null ? "" : " and account_number = ?") + " group by account_number, user_id, zone, kind, detail";
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setObject(1, from.atOffset(ZoneOffset.UTC));
      st.setObject(2, to.atOffset(ZoneOffset.UTC));
      if (account != null) {
        st.setString(3, account);
      }
      try (ResultSet r = st.executeQuery()) {
        while (r.next()) {
          Sum v = sums.computeIfAbsent(key(r), k -> new Sum());
          v.held += r.getLong(6);
          v.gib += r.getLong(7);
          v.core += r.getLong(8);
          v.memoryMb += r.getLong(9);
          v.bytes = v.bytes.add(r.getBigDecimal(10).toBigInteger());
          v.requests += r.getLong(11);
        }
      }
    }
  }

  /** The closed intervals' share of [from, to), a part of an hour at an end of the range. */
  private static void edges(Connection c, Instant from, Instant to, String account, Map<List<String>, Sum> sums)
      throws SQLException {
    if (!to.isAfter(from)) {
      return;
    }
    intervals(c, "select account_number, user_id, zone, kind, detail, size_gib, cores, memory_mb, since, until,"
        + " size_bytes from usage_intervals where since < ? and until > ?", from, to, to, account, sums);
  }

  /** What is held now: its share of [from, to). */
  private static void open(Connection c, Instant from, Instant to, String account, Map<List<String>, Sum> sums)
      throws SQLException {
    if (!to.isAfter(from)) {
      return;
    }
    intervals(c, "select account_number, user_id, zone, kind, detail, size_gib, cores, memory_mb, since, null,"
        + " size_bytes from usage_open where since < ?", from, to, null, account, sums);
  }

  private static void intervals(Connection c, String sql, Instant from, Instant to, Instant openUntil, String account,
      Map<List<String>, Sum> sums) throws SQLException {
    boolean closed = openUntil != null;
    String all = sql + (account == null ? "" : " and account_number = ?");
    try (PreparedStatement st = c.prepareStatement(all)) {
      int at = 1;
      st.setObject(at++, to.atOffset(ZoneOffset.UTC));
      if (closed) {
        st.setObject(at++, from.atOffset(ZoneOffset.UTC));
      }
      if (account != null) {
        st.setString(at, account);
      }
      try (ResultSet r = st.executeQuery()) {
        while (r.next()) {
          Instant since = Database.instant(r, 9);
          Instant until = closed ? Database.instant(r, 10) : to;
          long ms = HourlyUsage.overlap(since, until, from, to);
          if (ms <= 0) {
            continue;
          }
          Sum v = sums.computeIfAbsent(key(r), k -> new Sum());
          v.held += ms;
          v.gib += r.getLong(6) * ms;
          v.core += r.getLong(7) * ms;
          v.memoryMb += r.getLong(8) * ms;
          v.bytes = v.bytes.add(java.math.BigInteger.valueOf(r.getLong(11)).multiply(java.math.BigInteger.valueOf(ms)));
        }
      }
    }
  }

  private static List<String> key(ResultSet r) throws SQLException {
    return List.of(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5));
  }
}
