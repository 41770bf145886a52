package org.eucalyptus.sc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.common.util.Versioned;

/** The volumes table; every change bumps the version the describes wait on. */
public final class VolumeRows {
  private final ScDatabase db;
  private final Versioned version;

  public VolumeRows(ScDatabase db, Versioned version) {
    this.db = db;
    this.version = version;
  }

  /** Inserts {@code v} unless a volume of that id exists; answers the row as it now is. */
  public Volume insertOrGet(Volume v) {
    Volume now = db.inTransaction(c -> {
      Optional<Volume> had = find(c, v.id());
      if (had.isPresent()) {
        return had.get();
      }
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO volumes (id, size_gib, snapshot_id, status, reason, created) VALUES (?, ?, ?, ?, ?, ?)")) {
        s.setString(1, v.id());
        s.setInt(2, v.sizeGib());
        s.setString(3, v.snapshotId().orElse(null));
        s.setString(4, v.status().name());
        s.setString(5, v.reason().orElse(null));
        s.setLong(6, v.created().toEpochMilli());
        s.executeUpdate();
      }
      return v;
    });
    version.bump();
    return now;
  }

  public Optional<Volume> find(String id) {
    return db.inTransaction(c -> find(c, id));
  }

  /** Those named (all when none are). */
  public List<Volume> list(Collection<String> ids) {
    return db.inTransaction(c -> {
      List<Volume> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT * FROM volumes ORDER BY id");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Volume v = read(r);
          if (ids.isEmpty() || ids.contains(v.id())) {
            out.add(v);
          }
        }
      }
      return out;
    });
  }

  /** Moves a volume to {@code to} only if it is in {@code from}; false if it was not. */
  public boolean move(String id, Volume.Status from, Volume.Status to, String reason) {
    int n = db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE volumes SET status = ?, reason = ? WHERE id = ? AND status = ?")) {
        s.setString(1, to.name());
        s.setString(2, reason);
        s.setString(3, id);
        s.setString(4, from.name());
        return s.executeUpdate();
      }
    });
    if (n > 0) {
      version.bump();
    }
    return n > 0;
  }

  public void delete(String id) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM volumes WHERE id = ?")) {
        s.setString(1, id);
        return s.executeUpdate();
      }
    });
    version.bump();
  }

  static Optional<Volume> find(Connection c, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT * FROM volumes WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(read(r)) : Optional.empty();
      }
    }
  }

  private static Volume read(ResultSet r) throws SQLException {
    return new Volume(r.getString("id"), r.getInt("size_gib"), Optional.ofNullable(r.getString("snapshot_id")),
        Volume.Status.valueOf(r.getString("status")), Optional.ofNullable(r.getString("reason")),
        Instant.ofEpochMilli(r.getLong("created")));
  }
}
