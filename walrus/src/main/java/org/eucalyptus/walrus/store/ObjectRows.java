package org.eucalyptus.walrus.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.eucalyptus.walrus.store.ObjectStore.Listing;
import org.eucalyptus.walrus.store.ObjectStore.SqlStep;
import org.eucalyptus.walrus.store.ObjectStore.StoredObject;

/**
 * Objects' metadata rows ({@code walrus_objects}): what makes a data file an object. Writes that
 * replace or remove a row go through one {@link GroupCommit}, so concurrent requests share a commit;
 * each returns the data id its row named, for the caller to remove once the commit is durable.
 */
final class ObjectRows implements AutoCloseable {
  private static final String SELECT = "select bucket, object_key, data_id, size, etag, content_type, metadata,"
      + " owner_account, last_modified, acl from walrus_objects";

  private final DataSource db;
  private final GroupCommit commits;

  ObjectRows(DataSource db) throws SQLException {
    this.db = db;
    this.commits = new GroupCommit(db);
  }

  /**
   * Makes the object visible, replacing any earlier one, with {@code also} in the same commit;
   * returns the earlier one's data id, or null.
   *
   * @throws GroupCommit.NotDurableException committed, but the commit's flush failed
   */
  String replace(StoredObject o, SqlStep also) throws SQLException {
    return commits.commit(c -> replaceRow(c, o, also));
  }

  private static String replaceRow(Connection c, StoredObject o, SqlStep also) throws SQLException {
    String old = null;
    try (PreparedStatement sel = c.prepareStatement(
        "select data_id from walrus_objects where bucket = ? and object_key = ? for update")) {
      sel.setString(1, o.bucket());
      sel.setString(2, o.key());
      try (ResultSet rs = sel.executeQuery()) {
        if (rs.next()) {
          old = rs.getString(1);
        }
      }
    }
    if (old != null) {
      try (PreparedStatement del = c.prepareStatement(
          "delete from walrus_objects where bucket = ? and object_key = ?")) {
        del.setString(1, o.bucket());
        del.setString(2, o.key());
        del.executeUpdate();
      }
    }
    try (PreparedStatement ins = c.prepareStatement("insert into walrus_objects (bucket, object_key, data_id,"
        + " size, etag, content_type, metadata, owner_account, last_modified, acl)"
        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ins.setString(1, o.bucket());
      ins.setString(2, o.key());
      ins.setString(3, o.dataId());
      ins.setLong(4, o.size());
      ins.setString(5, o.etag());
      ins.setString(6, o.contentType());
      ins.setString(7, encode(o.metadata()));
      ins.setString(8, o.ownerAccount());
      ins.setTimestamp(9, Timestamp.from(o.lastModified()));
      ins.setString(10, o.acl().encode());
      ins.executeUpdate();
    }
    also.run(c);
    return old;
  }

  /**
   * Removes an object's row; returns the data id it named, or null. Through the group commit, so
   * the row is durably gone before the caller removes its file: a power cut never leaves a row
   * naming a removed file.
   */
  String delete(String bucket, String key) throws SQLException {
    return commits.commit(c -> {
      String id;
      try (PreparedStatement sel = c.prepareStatement(
               "select data_id from walrus_objects where bucket = ? and object_key = ? for update");
           PreparedStatement del = c.prepareStatement("delete from walrus_objects where bucket = ? and object_key = ?")) {
        sel.setString(1, bucket);
        sel.setString(2, key);
        try (ResultSet rs = sel.executeQuery()) {
          id = rs.next() ? rs.getString(1) : null;
        }
        del.setString(1, bucket);
        del.setString(2, key);
        del.executeUpdate();
      }
      return id;
    });
  }

  void setAcl(String bucket, String key, Acl acl) throws SQLException {
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement("update walrus_objects set acl = ? where bucket = ? and object_key = ?")) {
      st.setString(1, acl.encode());
      st.setString(2, bucket);
      st.setString(3, key);
      st.executeUpdate();
    }
  }

  Optional<StoredObject> get(String bucket, String key) throws SQLException {
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement(SELECT + " where bucket = ? and object_key = ?")) {
      st.setString(1, bucket);
      st.setString(2, key);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  /**
   * Lists keys after {@code after} that start with {@code prefix}, in key order; with a delimiter,
   * keys that have it after the prefix are rolled up into common prefixes (each counting as one).
   */
  Listing list(String bucket, String prefix, String delimiter, String after, int maxKeys) throws SQLException {
    List<StoredObject> objects = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String cursor = after == null ? "" : after;
    String last = null;
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement(SELECT
             + " where bucket = ? and object_key > ? and object_key >= ? order by object_key")) {
      st.setFetchSize(1000);
      st.setString(1, bucket);
      st.setString(2, cursor);
      st.setString(3, prefix);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String key = rs.getString(2);
          if (!key.startsWith(prefix)) {
            if (key.compareTo(prefix) > 0) {
              break;
            }
            continue;
          }
          String common = null;
          if (delimiter != null && !delimiter.isEmpty()) {
            int at = key.indexOf(delimiter, prefix.length());
            if (at >= 0) {
              common = key.substring(0, at + delimiter.length());
            }
          }
          if (common != null && !prefixes.isEmpty() && prefixes.get(prefixes.size() - 1).equals(common)) {
            last = key;
            continue;
          }
          if (common != null && common.compareTo(cursor) <= 0 && cursor.startsWith(common)) {
            continue; // rolled up on an earlier page
          }
          if (objects.size() + prefixes.size() == maxKeys) {
            return new Listing(objects, prefixes, true, last);
          }
          if (common != null) {
            prefixes.add(common);
          } else {
            objects.add(row(rs));
          }
          last = key;
        }
      }
    }
    return new Listing(objects, prefixes, false, null);
  }

  /** Every data id a row names: objects', and multipart uploads' parts. */
  Set<String> dataIds() throws SQLException {
    Set<String> known = new HashSet<>();
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement(
             "select data_id from walrus_objects union all select data_id from walrus_parts");
         ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        known.add(rs.getString(1));
      }
    }
    return known;
  }

  /** Removes the object and part rows naming these data ids; returns how many. */
  int forget(Set<String> dataIds) throws SQLException {
    int forgotten = 0;
    try (Connection c = db.getConnection()) {
      for (String id : dataIds) {
        for (String table : List.of("walrus_objects", "walrus_parts")) {
          try (PreparedStatement del = c.prepareStatement("delete from " + table + " where data_id = ?")) {
            del.setString(1, id);
            forgotten += del.executeUpdate();
          }
        }
      }
    }
    return forgotten;
  }

  /** Commits the writes under way, then takes no more. */
  @Override
  public void close() {
    commits.close();
  }

  private static StoredObject row(ResultSet rs) throws SQLException {
    return new StoredObject(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
        rs.getString(6), decode(rs.getString(7)), rs.getString(8), rs.getTimestamp(9).toInstant(),
        Acl.decode(rs.getString(8), rs.getString(10)));
  }

  /** User metadata as lines of name=value (names are header names; values have no line breaks). */
  static String encode(Map<String, String> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
    return sb.toString();
  }

  static Map<String, String> decode(String s) {
    Map<String, String> m = new LinkedHashMap<>();
    if (s != null) {
      for (String line : s.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          m.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    return m;
  }
}
