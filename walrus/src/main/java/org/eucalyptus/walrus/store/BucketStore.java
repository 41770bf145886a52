package org.eucalyptus.walrus.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/** Buckets, each owned by an account, in Walrus's database. */
public final class BucketStore {
  /** @param creator the user who created it; null for buckets made before Walrus kept it */
  public record Bucket(String name, String ownerAccount, String creator, String location, Instant created, Acl acl) {}

  private final DataSource db;

  public BucketStore(DataSource db) {
    this.db = db;
  }

  /**
   * The limits on the number of buckets a new one must stay within: those of its creator (counting
   * the buckets it created) and of its account (counting the account's).
   */
  public record BucketQuota(OptionalLong user, OptionalLong account) {
    public static final BucketQuota NONE = new BucketQuota(OptionalLong.empty(), OptionalLong.empty());
  }

  /**
   * Creates a bucket, {@code owner}'s, made by the user {@code creator}, within {@code quota}: under
   * a quota the account's buckets are counted with the account's lock row held, so two requests at
   * once never both take the last slot.
   *
   * @return false if a bucket of that name exists
   * @throws QuotaExceededException when the creator or its account has as many buckets as allowed
   */
  public boolean create(String name, String owner, String creator, String location, Acl acl, BucketQuota quota)
      throws SQLException {
    if (quota.user().isPresent() || quota.account().isPresent()) {
      QuotaCounts.ensureLock(db, QuotaCounts.accountLock(owner));
    }
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (quota.user().isPresent() || quota.account().isPresent()) {
          QuotaCounts.lock(c, QuotaCounts.accountLock(owner));
          if (QuotaCounts.count(c, "select count(*) from walrus_buckets where name = ?", name) > 0) {
            c.rollback();
            return false;
          }
          check(quota.account(), QuotaCounts.count(c, "select count(*) from walrus_buckets where owner_account = ?",
              owner), "account's");
          check(quota.user(), QuotaCounts.count(c, "select count(*) from walrus_buckets where creator_user = ?",
              creator), "user's");
        }
        try (PreparedStatement st = c.prepareStatement("insert into walrus_buckets (name, owner_account, creator_user,"
            + " location, created, acl) values (?, ?, ?, ?, ?, ?)")) {
          st.setString(1, name);
          st.setString(2, owner);
          st.setString(3, creator);
          st.setString(4, location);
          st.setTimestamp(5, Timestamp.from(Instant.now()));
          st.setString(6, acl.encode());
          st.executeUpdate();
        }
        c.commit();
        return true;
      } catch (SQLException e) {
        c.rollback();
        if (!(e instanceof QuotaExceededException) && find(name).isPresent()) {
          return false;
        }
        throw e;
      }
    }
  }

  private static void check(OptionalLong limit, long count, String whose) throws QuotaExceededException {
    if (limit.isPresent() && count >= limit.getAsLong()) {
      throw new QuotaExceededException(QuotaExceededException.TOO_MANY_BUCKETS, "You have attempted to create more"
          + " buckets than allowed: the " + whose + " quota (s3:quota-bucketnumber) is " + limit.getAsLong() + ".");
    }
  }

  public Optional<Bucket> find(String name) throws SQLException {
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement("select name, owner_account, creator_user, location, created, acl from walrus_buckets"
             + " where name = ?")) {
      st.setString(1, name);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  public List<Bucket> listOwnedBy(String account) throws SQLException {
    List<Bucket> out = new ArrayList<>();
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement("select name, owner_account, creator_user, location, created, acl from walrus_buckets"
             + " where owner_account = ? order by name")) {
      st.setString(1, account);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
    }
    return out;
  }

  public void setAcl(String name, Acl acl) throws SQLException {
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement("update walrus_buckets set acl = ? where name = ?")) {
      st.setString(1, acl.encode());
      st.setString(2, name);
      st.executeUpdate();
    }
  }

  /** Deletes an empty bucket. @return false if it still holds objects or uploads in progress */
  public boolean deleteIfEmpty(String name) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement lock = c.prepareStatement("select name from walrus_buckets where name = ? for update");
           PreparedStatement count = c.prepareStatement("select (select count(*) from walrus_objects where bucket = ?)"
               + " + (select count(*) from walrus_uploads where bucket = ?)");
           PreparedStatement del = c.prepareStatement("delete from walrus_buckets where name = ?")) {
        lock.setString(1, name);
        lock.executeQuery().close();
        count.setString(1, name);
        count.setString(2, name);
        try (ResultSet rs = count.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            c.rollback();
            return false;
          }
        }
        del.setString(1, name);
        del.executeUpdate();
        c.commit();
        return true;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static Bucket row(ResultSet rs) throws SQLException {
    return new Bucket(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getTimestamp(5).toInstant(), Acl.decode(rs.getString(2), rs.getString(6)));
  }

  /** S3's rules for bucket names (DNS-compatible form). */
  public static boolean validName(String name) {
    return name.length() >= 3 && name.length() <= 63
        && name.matches("[a-z0-9][a-z0-9.-]*[a-z0-9]")
        && !name.contains("..")
        && !name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
  }
}
