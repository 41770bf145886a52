package org.eucalyptus.walrus.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Requests per bucket and hour, for usage reports: counted in memory (a request costs no database
 * work) and added to {@code walrus_request_counts} every few seconds, when usage is read, and before
 * a bucket is deleted. Each count is credited to the bucket's owner and creator as the bucket's row
 * says when it is written; a request naming a bucket that does not exist is no one's and is dropped,
 * once a second flush has not found the bucket either (a CreateBucket is counted before its row is
 * committed, and a flush may come between).
 */
public final class RequestCounts implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(RequestCounts.class);
  /** How long Walrus keeps counts: the CLC reads them every minute or so and keeps its own. */
  public static final Duration KEEP = Duration.ofDays(35);
  static final Duration FLUSH_EVERY = Duration.ofSeconds(5);
  static final int OWNER_BATCH = 500;

  private record Key(Instant hour, String bucket) {}

  private final DataSource db;
  private final Clock clock;
  private final ConcurrentHashMap<Key, AtomicLong> pending = new ConcurrentHashMap<>();
  /** Counts whose bucket the last flush did not find: dropped if the next one does not find it either. */
  private final java.util.Set<Key> unowned = new java.util.HashSet<>();
  private final ScheduledExecutorService flusher;

  /** @param background whether to flush every few seconds on a thread of its own (tests flush by hand) */
  public RequestCounts(DataSource db, Clock clock, boolean background) {
    this.db = db;
    this.clock = clock;
    if (background) {
      flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "walrus-request-counts");
        t.setDaemon(true);
        return t;
      });
      flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
    } else {
      flusher = null;
    }
  }

  /** Counts one request naming {@code bucket}. */
  public void count(String bucket) {
    Key k = new Key(clock.instant().truncatedTo(ChronoUnit.HOURS), bucket);
    pending.computeIfAbsent(k, x -> new AtomicLong()).incrementAndGet();
  }

  /** Adds what was counted since the last flush to the database; a failure puts the counts back. */
  public synchronized void flush() throws SQLException {
    Map<Key, Long> taken = new HashMap<>();
    Instant thisHour = clock.instant().truncatedTo(ChronoUnit.HOURS);
    for (Map.Entry<Key, AtomicLong> e : pending.entrySet()) {
      long n = e.getValue().getAndSet(0);
      if (n > 0) {
        taken.put(e.getKey(), n);
      }
      // An earlier hour's counter is done with once emptied; a request still counting into it (at the
      // turn of the hour) has taken its counter already and is found by a later flush, or, removed
      // meanwhile, starts a new one.
      if (e.getKey().hour().isBefore(thisHour) && e.getValue().get() == 0) {
        pending.remove(e.getKey(), e.getValue());
      }
    }
    try {
      Map<Key, Long> later = write(taken, thisHour);
      later.forEach((k, n) -> pending.computeIfAbsent(k, x -> new AtomicLong()).addAndGet(n));
    } catch (SQLException | RuntimeException e) {
      taken.forEach((k, n) -> pending.computeIfAbsent(k, x -> new AtomicLong()).addAndGet(n));
      throw e;
    }
  }

  /** Writes the counts whose buckets exist; returns those to try again at the next flush. */
  private Map<Key, Long> write(Map<Key, Long> taken, Instant thisHour) throws SQLException {
    Map<Key, Long> later = new HashMap<>();
    java.util.Set<Key> unownedNow = new java.util.HashSet<>();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        Map<String, String[]> owners = owners(c, taken.keySet().stream().map(Key::bucket).distinct().toList());
        for (Map.Entry<Key, Long> e : taken.entrySet()) {
          String[] owner = owners.get(e.getKey().bucket());
          if (owner != null) {
            add(c, e.getKey(), owner, e.getValue());
          } else if (!unowned.contains(e.getKey())) {
            later.put(e.getKey(), e.getValue());
            unownedNow.add(e.getKey());
          }
        }
        try (PreparedStatement st = c.prepareStatement("delete from walrus_request_counts where hour_start < ?")) {
          st.setObject(1, thisHour.minus(KEEP).atOffset(ZoneOffset.UTC));
          st.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    unowned.clear();
    unowned.addAll(unownedNow);
    return later;
  }

  /**
   * The owner and creator of each of {@code buckets} that exists, read a few hundred names a query: a
   * flood of requests naming made-up buckets costs the database a query per few hundred, not one each.
   */
  private static Map<String, String[]> owners(Connection c, java.util.List<String> buckets) throws SQLException {
    Map<String, String[]> out = new HashMap<>();
    for (int from = 0; from < buckets.size(); from += OWNER_BATCH) {
      java.util.List<String> some = buckets.subList(from, Math.min(buckets.size(), from + OWNER_BATCH));
      try (PreparedStatement st = c.prepareStatement("select name, owner_account, creator_user from walrus_buckets"
          + " where name in (" + String.join(", ", java.util.Collections.nCopies(some.size(), "?")) + ")")) {
        for (int k = 0; k < some.size(); k++) {
          st.setString(k + 1, some.get(k));
        }
        try (ResultSet r = st.executeQuery()) {
          while (r.next()) {
            out.put(r.getString(1), new String[] {r.getString(2), r.getString(3) == null ? "" : r.getString(3)});
          }
        }
      }
    }
    return out;
  }

  /** Adds to the row, made when missing; two Walrus processes on one database serialize on the row's key. */
  private static void add(Connection c, Key k, String[] owner, long n) throws SQLException {
    try (PreparedStatement up = c.prepareStatement("update walrus_request_counts set requests = requests + ?"
        + " where hour_start = ? and bucket = ? and owner_account = ? and creator_user = ?")) {
      up.setLong(1, n);
      up.setObject(2, k.hour().atOffset(ZoneOffset.UTC));
      up.setString(3, k.bucket());
      up.setString(4, owner[0]);
      up.setString(5, owner[1]);
      if (up.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement in = c.prepareStatement("insert into walrus_request_counts (hour_start, bucket,"
        + " owner_account, creator_user, requests) values (?, ?, ?, ?, ?)")) {
      in.setObject(1, k.hour().atOffset(ZoneOffset.UTC));
      in.setString(2, k.bucket());
      in.setString(3, owner[0]);
      in.setString(4, owner[1]);
      in.setLong(5, n);
      in.executeUpdate();
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("request counts not written (kept for the next try): {}", e.toString());
    }
  }

  /** Stops the background flushing and writes what is left. */
  @Override
  public void close() {
    if (flusher != null) {
      flusher.shutdownNow();
      try {
        flusher.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flushQuietly();
  }
}
