package org.eucalyptus.walrus.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Counting against quotas where the count cannot change underneath: the transaction that writes
 * first locks a row (the bucket's, for the objects in it; the account's row of
 * {@code walrus_quota_locks}, for its buckets and its bytes), so concurrent writers, in this Walrus
 * or in another on the same database, count one after another.
 */
final class QuotaCounts {
  private static final long MIB = 1024L * 1024L;

  private QuotaCounts() {}

  /** The lock row of an account. */
  static String accountLock(String account) {
    return "account:" + account;
  }

  /**
   * Makes sure a lock row exists, in a transaction of its own (two requests inserting it at once:
   * one wins, the other finds it there).
   */
  static void ensureLock(DataSource db, String name) throws SQLException {
    try (Connection c = db.getConnection()) {
      try (PreparedStatement sel = c.prepareStatement("select name from walrus_quota_locks where name = ?")) {
        sel.setString(1, name);
        try (ResultSet rs = sel.executeQuery()) {
          if (rs.next()) {
            return;
          }
        }
      }
      try (PreparedStatement ins = c.prepareStatement("insert into walrus_quota_locks (name) values (?)")) {
        ins.setString(1, name);
        ins.executeUpdate();
      } catch (SQLException e) {
        if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
          throw e;
        }
      }
    }
  }

  /** Locks a lock row ({@link #ensureLock} made it) until {@code c}'s transaction ends. */
  static void lock(Connection c, String name) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("select name from walrus_quota_locks where name = ? for update")) {
      st.setString(1, name);
      st.executeQuery().close();
    }
  }

  static long count(Connection c, String sql, String value) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, value);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * The check that runs in the transaction committing a new object's row (after it, so the object
   * counts): refuses, rolling the write back, when the bucket would hold more objects or the
   * creator's or the account's buckets more bytes than allowed.
   */
  static ObjectStore.SqlStep objects(ObjectQuota q, String bucket) {
    if (q.none()) {
      return c -> { };
    }
    return c -> {
      try (PreparedStatement st = c.prepareStatement("select name from walrus_buckets where name = ? for update")) {
        st.setString(1, bucket);
        st.executeQuery().close();
      }
      if (q.objectsInBucket().isPresent()) {
        long n = count(c, "select count(*) from walrus_objects where bucket = ?", bucket);
        long max = q.objectsInBucket().getAsLong();
        if (n > max) {
          throw new QuotaExceededException(QuotaExceededException.QUOTA_EXCEEDED, "The bucket " + bucket
              + " may hold at most " + max + " object(s) (quota s3:quota-bucketobjectnumber).");
        }
      }
      if (q.userMb().isPresent() || q.accountMb().isPresent()) {
        lock(c, accountLock(q.account()));
      }
      if (q.userMb().isPresent()) {
        long bytes = count(c, "select coalesce(sum(o.size), 0) from walrus_objects o join walrus_buckets b"
            + " on b.name = o.bucket where b.creator_user = ?", q.userId());
        long max = q.userMb().getAsLong();
        if (bytes > max * MIB) {
          throw new QuotaExceededException(QuotaExceededException.ENTITY_TOO_LARGE, "The buckets you created may"
              + " hold at most " + max + " MB in all (the user's quota s3:quota-buckettotalsize); this upload would"
              + " make them " + mb(bytes) + " MB.");
        }
      }
      if (q.accountMb().isPresent()) {
        long bytes = count(c, "select coalesce(sum(o.size), 0) from walrus_objects o join walrus_buckets b"
            + " on b.name = o.bucket where b.owner_account = ?", q.account());
        long max = q.accountMb().getAsLong();
        if (bytes > max * MIB) {
          throw new QuotaExceededException(QuotaExceededException.ENTITY_TOO_LARGE, "The account's buckets may"
              + " hold at most " + max + " MB in all (the account's quota s3:quota-buckettotalsize); this upload"
              + " would make them " + mb(bytes) + " MB.");
        }
      }
    };
  }

  private static String mb(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f", bytes / (double) MIB);
  }
}
