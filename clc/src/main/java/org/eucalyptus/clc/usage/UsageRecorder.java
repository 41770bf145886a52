package org.eucalyptus.clc.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.persistence.Database;

/**
 * Records usage as it happens: each round compares what accounts hold now (instances not yet stopped
 * or terminated, volumes and snapshots not deleted or failed, public addresses allocated) with the
 * intervals it has open. A holding seen for the first time opens an interval from the resource's own
 * start (an instance's launch, a volume's creation); one that ended closes it, at the instance's own
 * state change, or at the round for the others; a closed interval goes into the hours it spans
 * ({@code usage_hourly}) and days ({@code usage_daily}) in the same transaction, and stays as a raw event for {@code rawKeep}.
 * Only the leading front end records (a leader duty): the tables are the cloud's, not a process's.
 */
public final class UsageRecorder implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(UsageRecorder.class);
  /** An instance that started and ended between two rounds is still found when it ended this recently. */
  static final Duration ENDED_LOOKBACK = Duration.ofDays(1);
  /** How far back the first round asks Walrus for request counts: as long as Walrus keeps them. */
  static final Duration S3_FIRST_LOOKBACK = Duration.ofDays(35);

  private final Database db;
  private final Clock clock;
  private final Duration rawKeep;
  private final WalrusUsage.Source walrus;
  private ScheduledExecutorService rounds;
  /** The hour of the last round Walrus answered, null before the first (which asks for all Walrus keeps). */
  private Instant lastS3Hour;

  /**
   * @param walrus where S3 usage is read (bytes per bucket, requests per hour)
   * @param rawKeep how long closed intervals are kept (at least two days: see {@link #ENDED_LOOKBACK})
   */
  public UsageRecorder(Database db, Clock clock, Duration rawKeep, WalrusUsage.Source walrus) {
    this.db = db;
    this.clock = clock;
    this.walrus = walrus;
    this.rawKeep = rawKeep.compareTo(ENDED_LOOKBACK.multipliedBy(2)) < 0 ? ENDED_LOOKBACK.multipliedBy(2) : rawKeep;
  }

  /** Records every {@code period} until stopped (the leader's duty). */
  public synchronized void start(Duration period) {
    if (rounds != null) {
      return;
    }
    rounds = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "clc-usage");
      t.setDaemon(true);
      return t;
    });
    rounds.scheduleWithFixedDelay(() -> {
      try {
        record();
      } catch (RuntimeException e) {
        LOG.warn("recording usage failed; the next round tries again: {}", e.toString());
      }
    }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops recording (leadership lost, or the CLC closing). */
  public synchronized void stop() {
    if (rounds != null) {
      rounds.shutdownNow();
      try {
        rounds.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      rounds = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** One round, now. */
  public synchronized void record() {
    Instant now = clock.instant();
    Instant thisHour = HourlyUsage.hourOf(now);
    // Walrus is asked outside the transaction (a network call); its counts of the hour before the last
    // answer are asked again, as requests of an hour keep being written for a few seconds after it.
    Optional<WalrusUsage> s3 = walrus.read(lastS3Hour == null ? thisHour.minus(S3_FIRST_LOOKBACK)
        : lastS3Hour.minus(Duration.ofHours(1)));
    db.run(s -> s.doWork(c -> round(c, now, s3)));
    if (s3.isPresent()) {
      lastS3Hour = thisHour;
    }
  }

  private void round(Connection c, Instant now, Optional<WalrusUsage> s3) throws SQLException {
    Map<String, Held> open = open(c);
    Map<String, Held> live = new LinkedHashMap<>();
    List<Held> ended = new ArrayList<>();
    List<Instant> endedAt = new ArrayList<>();
    instances(c, now, live, ended, endedAt);
    others(c, live);
    buckets(s3, open, now, live);
    s3.ifPresent(u -> requests(c, u));
    Set<String> recorded = recentlyClosed(c, now);
    int opened = 0;
    int closed = 0;
    for (Held h : live.values()) {
      Held was = open.remove(h.key());
      if (was != null && was.sameAs(h)) {
        continue;
      }
      if (was != null) { // the same resource, another holding (an address now another account's, a bucket resized)
        deleteOpen(c, was);
        close(c, was, now);
        closed++;
      }
      insertOpen(c, h);
      opened++;
    }
    for (int i = 0; i < ended.size(); i++) {
      Held h = ended.get(i);
      Instant until = endedAt.get(i);
      Held was = open.remove(h.key());
      if (was != null) {
        deleteOpen(c, was);
        close(c, was, until.isAfter(was.since()) ? until : was.since());
        closed++;
      } else if (!recorded.contains(h.key() + "@" + h.since()) && until.isAfter(h.since())) {
        close(c, h, until); // started and ended between two rounds
        closed++;
      }
    }
    for (Held gone : open.values()) { // no longer held (deleted, released, failed): ends now
      deleteOpen(c, gone);
      close(c, gone, now);
      closed++;
    }
    try (PreparedStatement st = c.prepareStatement("delete from usage_intervals where until < ?")) {
      st.setObject(1, now.minus(rawKeep).atOffset(ZoneOffset.UTC));
      st.executeUpdate();
    }
    if (opened + closed > 0) {
      LOG.debug("usage: {} opened, {} closed", opened, closed);
    }
  }

  /** Instances: live until stopped or terminated, then ended at that state change. */
  private static void instances(Connection c, Instant now, Map<String, Held> live, List<Held> ended,
      List<Instant> endedAt) throws SQLException {
    // Only the instances that count now: held, or ended lately (not every instance the cloud ever ran).
    try (PreparedStatement st = c.prepareStatement("select i.instance_id, i.account_number, i.user_id, i.cluster,"
        + " i.vm_type, i.state, i.launch_time, i.state_changed, t.cpu, t.memory_mb from instances i"
        + " left join vm_types t on t.name = i.vm_type where i.state not in ('terminated', 'stopped')"
        + " or i.state_changed >= ?")) {
      st.setObject(1, now.minus(ENDED_LOOKBACK).atOffset(ZoneOffset.UTC));
      try (ResultSet r = st.executeQuery()) {
        while (r.next()) {
          String state = r.getString(6);
          Held h = new Held(Held.INSTANCE, r.getString(1), r.getString(2), nn(r.getString(3)), nn(r.getString(4)),
              nn(r.getString(5)), 0, r.getInt(9), r.getInt(10), Database.instant(r, 7));
          if (state.equals("terminated") || state.equals("stopped")) {
            Instant at = Database.instant(r, 8);
            if (at.isAfter(now.minus(ENDED_LOOKBACK))) {
              ended.add(h);
              endedAt.add(at);
            }
          } else {
            live.put(h.key(), h);
          }
        }
      }
    }
  }

  /** Volumes, snapshots and addresses: held while their rows say so. */
  private static void others(Connection c, Map<String, Held> live) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("select volume_id, account_number, user_id, zone, size_gib, state,"
        + " create_time from volumes where state not in ('deleting', 'deleted', 'error', 'failed')");
        ResultSet r = st.executeQuery()) {
      while (r.next()) {
        put(live, new Held(Held.VOLUME, r.getString(1), r.getString(2), nn(r.getString(3)), nn(r.getString(4)), "",
            r.getLong(5), 0, 0, Database.instant(r, 7)));
      }
    }
    try (PreparedStatement st = c.prepareStatement("select snapshot_id, account_number, user_id, zone, volume_size_gib,"
        + " start_time from snapshots where state not in ('deleting', 'deleted', 'error', 'failed')");
        ResultSet r = st.executeQuery()) {
      while (r.next()) {
        put(live, new Held(Held.SNAPSHOT, r.getString(1), r.getString(2), nn(r.getString(3)), nn(r.getString(4)), "",
            r.getLong(5), 0, 0, Database.instant(r, 6)));
      }
    }
    try (PreparedStatement st = c.prepareStatement("select public_ip, account_number, user_id, cluster, changed"
        + " from addresses where account_number is not null");
        ResultSet r = st.executeQuery()) {
      while (r.next()) {
        put(live, new Held(Held.ADDRESS, r.getString(1), r.getString(2), nn(r.getString(3)), nn(r.getString(4)), "",
            0, 0, 0, Database.instant(r, 5)));
      }
    }
  }

  /**
   * Buckets, as Walrus reports them: held from their creation, by their bytes; a bucket whose bytes
   * changed since the last round is held from now at its new size (its earlier size's interval closes
   * now), as is one deleted and made again meanwhile. Without an answer from Walrus the buckets held
   * stay as they were.
   */
  private static void buckets(Optional<WalrusUsage> s3, Map<String, Held> open, Instant now, Map<String, Held> live) {
    if (s3.isEmpty()) {
      open.values().stream().filter(h -> h.kind().equals(Held.BUCKET)).forEach(h -> live.put(h.key(), h));
      return;
    }
    for (WalrusUsage.Bucket b : s3.get().buckets()) {
      Instant created = b.created().isAfter(now) ? now : b.created();
      Held fresh = new Held(Held.BUCKET, b.name(), b.account(), b.user(), "", "", 0, 0, 0, created, b.bytes());
      Held was = open.get(fresh.key());
      if (was == null) {
        put(live, fresh);
      } else if (was.account().equals(b.account()) && was.user().equals(b.user()) && !created.isAfter(was.since())) {
        put(live, was.sizeBytes() == b.bytes() ? was : new Held(Held.BUCKET, b.name(), b.account(), b.user(), "", "",
            0, 0, 0, now, b.bytes()));
      } else {
        put(live, new Held(Held.BUCKET, b.name(), b.account(), b.user(), "", "", 0, 0, 0, now, b.bytes()));
      }
    }
  }

  /**
   * Requests per account, user and hour, as Walrus counted them in the hours it reported: set, not added
   * (Walrus's figure for an hour is its whole count so far), with each day's total moved by the change.
   */
  private static void requests(Connection c, WalrusUsage s3) {
    Map<List<Object>, Long> byHour = new LinkedHashMap<>();
    for (WalrusUsage.HourRequests r : s3.requests()) {
      byHour.merge(List.of(r.hour(), r.account(), r.user()), r.requests(), Long::sum);
    }
    try {
      for (Map.Entry<List<Object>, Long> e : byHour.entrySet()) {
        Instant hour = (Instant) e.getKey().get(0);
        Held who = new Held(Held.BUCKET, "", (String) e.getKey().get(1), (String) e.getKey().get(2), "", "", 0, 0, 0,
            hour);
        long was = 0;
        try (PreparedStatement st = c.prepareStatement("select requests from usage_hourly where hour_start = ?"
            + " and account_number = ? and user_id = ? and zone = ? and kind = ? and detail = ?")) {
          keys(st, who, hour, 1);
          try (ResultSet r = st.executeQuery()) {
            if (r.next()) {
              was = r.getLong(1);
            }
          }
        }
        long delta = e.getValue() - was;
        if (delta != 0) {
          addRequests(c, who, "usage_hourly", "hour_start", hour, delta);
          addRequests(c, who, "usage_daily", "day_start", HourlyUsage.dayOf(hour), delta);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void addRequests(Connection c, Held who, String table, String period, Instant at, long delta)
      throws SQLException {
    try (PreparedStatement up = c.prepareStatement("update " + table + " set requests = requests + ? where " + period
        + " = ? and account_number = ? and user_id = ? and zone = ? and kind = ? and detail = ?")) {
      up.setLong(1, delta);
      keys(up, who, at, 2);
      if (up.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement in = c.prepareStatement("insert into " + table + " (held_ms, gib_ms, core_ms, memory_mb_ms,"
        + " byte_ms, requests, " + period + ", account_number, user_id, zone, kind, detail)"
        + " values (0, 0, 0, 0, 0, ?, ?, ?, ?, ?, ?, ?)")) {
      in.setLong(1, delta);
      keys(in, who, at, 2);
      in.executeUpdate();
    }
  }

  private static void put(Map<String, Held> live, Held h) {
    live.put(h.key(), h);
  }

  private static Map<String, Held> open(Connection c) throws SQLException {
    Map<String, Held> open = new HashMap<>();
    try (PreparedStatement st = c.prepareStatement("select kind, resource_id, account_number, user_id, zone, detail,"
        + " size_gib, cores, memory_mb, since, size_bytes from usage_open");
        ResultSet r = st.executeQuery()) {
      while (r.next()) {
        Held h = new Held(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
            r.getString(6), r.getLong(7), r.getInt(8), r.getInt(9), Database.instant(r, 10), r.getLong(11));
        open.put(h.key(), h);
      }
    }
    return open;
  }

  /** The intervals closed lately, as kind/id@since: an ended instance already counted is not counted again. */
  private static Set<String> recentlyClosed(Connection c, Instant now) throws SQLException {
    Set<String> out = new HashSet<>();
    try (PreparedStatement st = c.prepareStatement("select kind, resource_id, since from usage_intervals where until >= ?")) {
      st.setObject(1, now.minus(ENDED_LOOKBACK.multipliedBy(2)).atOffset(ZoneOffset.UTC));
      try (ResultSet r = st.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1) + "/" + r.getString(2) + "@" + Database.instant(r, 3));
        }
      }
    }
    return out;
  }

  private static void insertOpen(Connection c, Held h) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("insert into usage_open (kind, resource_id, account_number, user_id,"
        + " zone, detail, size_gib, cores, memory_mb, since, size_bytes) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      bind(st, h);
      st.executeUpdate();
    }
  }

  private static void deleteOpen(Connection c, Held h) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("delete from usage_open where kind = ? and resource_id = ?")) {
      st.setString(1, h.kind());
      st.setString(2, h.resourceId());
      st.executeUpdate();
    }
  }

  /** Keeps the interval [h.since, until) as a raw event and adds it to the hours it spans. */
  private static void close(Connection c, Held h, Instant until) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("insert into usage_intervals (kind, resource_id, account_number,"
        + " user_id, zone, detail, size_gib, cores, memory_mb, since, size_bytes, until)"
        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      bind(st, h);
      st.setObject(12, until.atOffset(ZoneOffset.UTC));
      st.executeUpdate();
    }
    add(c, h, "usage_hourly", "hour_start", HourlyUsage.split(h.since(), until));
    add(c, h, "usage_daily", "day_start", HourlyUsage.splitDays(h.since(), until));
  }

  /** Adds each share of a holding to its row of {@code table} (keyed by {@code period}), made when missing. */
  private static void add(Connection c, Held h, String table, String period, List<HourlyUsage.Share> shares)
      throws SQLException {
    for (HourlyUsage.Share share : shares) {
      long ms = share.millis();
      try (PreparedStatement up = c.prepareStatement("update " + table + " set held_ms = held_ms + ?, gib_ms = gib_ms + ?,"
          + " core_ms = core_ms + ?, memory_mb_ms = memory_mb_ms + ?, byte_ms = byte_ms + ? where " + period + " = ?"
          + " and account_number = ? and user_id = ? and zone = ? and kind = ? and detail = ?")) {
        amounts(up, h, ms, 1);
        keys(up, h, share.hour(), 6);
        if (up.executeUpdate() > 0) {
          continue;
        }
      }
      try (PreparedStatement in = c.prepareStatement("insert into " + table + " (held_ms, gib_ms, core_ms, memory_mb_ms,"
          + " byte_ms, " + period + ", account_number, user_id, zone, kind, detail)"
          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        amounts(in, h, ms, 1);
        keys(in, h, share.hour(), 6);
        in.executeUpdate();
      }
    }
  }

  private static void amounts(PreparedStatement st, Held h, long ms, int at) throws SQLException {
    st.setLong(at, ms);
    st.setLong(at + 1, h.sizeGib() * ms);
    st.setLong(at + 2, h.cores() * ms);
    st.setLong(at + 3, h.memoryMb() * ms);
    st.setBigDecimal(at + 4, java.math.BigDecimal.valueOf(h.sizeBytes()).multiply(java.math.BigDecimal.valueOf(ms)));
  }

  private static void keys(PreparedStatement st, Held h, Instant hour, int at) throws SQLException {
    st.setObject(at, hour.atOffset(ZoneOffset.UTC));
    st.setString(at + 1, h.account());
    st.setString(at + 2, h.user());
    st.setString(at + 3, h.zone());
    st.setString(at + 4, h.kind());
    st.setString(at + 5, h.detail());
  }

  private static void bind(PreparedStatement st, Held h) throws SQLException {
    st.setString(1, h.kind());
    st.setString(2, h.resourceId());
    st.setString(3, h.account());
    st.setString(4, h.user());
    st.setString(5, h.zone());
    st.setString(6, h.detail());
    st.setLong(7, h.sizeGib());
    st.setInt(8, h.cores());
    st.setInt(9, h.memoryMb());
    st.setObject(10, h.since().atOffset(ZoneOffset.UTC));
    st.setLong(11, h.sizeBytes());
  }

  private static String nn(String s) {
    return s == null ? "" : s;
  }
}
