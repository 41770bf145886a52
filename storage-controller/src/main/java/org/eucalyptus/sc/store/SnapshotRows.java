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

/** The snapshots table; every change bumps the version the describes wait on. */
public final class SnapshotRows {
  private final ScDatabase db;
  private final Versioned version;

  public SnapshotRows(ScDatabase db, Versioned version) {
    this.db = db;
    this.version = version;
  }

  /** Inserts {@code s} unless a snapshot of that id exists; answers the row as it now is. */
  public Snapshot insertOrGet(Snapshot snap) {
    Snapshot now = db.inTransaction(c -> {
      Optional<Snapshot> had = find(c, snap.id());
      if (had.isPresent()) {
        return had.get();
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO snapshots (id, volume_id, volume_size_gib, status,"
          + " progress, reason, started) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        s.setString(1, snap.id());
        s.setString(2, snap.volumeId());
        s.setInt(3, snap.volumeSizeGib());
        s.setString(4, snap.status().name());
        s.setInt(5, snap.progress());
        s.setString(6, snap.reason().orElse(null));
        s.setLong(7, snap.started().toEpochMilli());
        s.executeUpdate();
      }
      return snap;
    });
    version.bump();
    return now;
  }

  public Optional<Snapshot> find(String id) {
    return db.inTransaction(c -> find(c, id));
  }

  public List<Snapshot> list(Collection<String> ids) {
    return db.inTransaction(c -> {
      List<Snapshot> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT * FROM snapshots ORDER BY id");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Snapshot snap = read(r);
          if (ids.isEmpty() || ids.contains(snap.id())) {
            out.add(snap);
          }
        }
      }
      return out;
    });
  }

  public void progress(String id, int percent) {
    update("UPDATE snapshots SET progress = ? WHERE id = ? AND status = 'PENDING'", percent, id);
  }

  /** Moves a snapshot to {@code to} only if it is in {@code from}; false if it was not. */
  public boolean move(String id, Snapshot.Status from, Snapshot.Status to, int progress, String reason) {
    int n = db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE snapshots SET status = ?, progress = ?, reason = ? WHERE id = ? AND status = ?")) {
        s.setString(1, to.name());
        s.setInt(2, progress);
        s.setString(3, reason);
        s.setString(4, id);
        s.setString(5, from.name());
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
      try (PreparedStatement s = c.prepareStatement("DELETE FROM snapshots WHERE id = ?")) {
        s.setString(1, id);
        return s.executeUpdate();
      }
    });
    version.bump();
  }

  private void update(String sql, int value, String id) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setInt(1, value);
        s.setString(2, id);
        return s.executeUpdate();
      }
    });
    version.bump();
  }

  private static Optional<Snapshot> find(Connection c, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT * FROM snapshots WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(read(r)) : Optional.empty();
      }
    }
  }

  private static Snapshot read(ResultSet r) throws SQLException {
    return new Snapshot(r.getString("id"), r.getString("volume_id"), r.getInt("volume_size_gib"),
        Snapshot.Status.valueOf(r.getString("status")), r.getInt("progress"),
        Optional.ofNullable(r.getString("reason")), Instant.ofEpochMilli(r.getLong("started")));
  }
}
