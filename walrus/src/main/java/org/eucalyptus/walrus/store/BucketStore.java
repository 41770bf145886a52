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
import javax.sql.DataSource;

/** Buckets, each owned by an account, in Walrus's database. */
public final class BucketStore {
  public record Bucket(String name, String ownerAccount, String location, Instant created, Acl acl) {}

  private final DataSource db;

  public BucketStore(DataSource db) {
    this.db = db;
  }

  /** @return false if a bucket of that name exists */
  public boolean create(String name, String owner, String location, Acl acl) throws SQLException {
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement(
             "insert into walrus_buckets (name, owner_account, location, created, acl) values (?, ?, ?, ?, ?)")) {
      st.setString(1, name);
      st.setString(2, owner);
      st.setString(3, location);
      st.setTimestamp(4, Timestamp.from(Instant.now()));
      st.setString(5, acl.encode());
      st.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (find(name).isPresent()) {
        return false;
      }
      throw e;
    }
  }

  public Optional<Bucket> find(String name) throws SQLException {
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement("select name, owner_account, location, created, acl from walrus_buckets"
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
         PreparedStatement st = c.prepareStatement("select name, owner_account, location, created, acl from walrus_buckets"
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
    return new Bucket(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
        Acl.decode(rs.getString(2), rs.getString(5)));
  }

  /** S3's rules for bucket names (DNS-compatible form). */
  public static boolean validName(String name) {
    return name.length() >= 3 && name.length() <= 63
        && name.matches("[a-z0-9][a-z0-9.-]*[a-z0-9]")
        && !name.contains("..")
        && !name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
  }
}
