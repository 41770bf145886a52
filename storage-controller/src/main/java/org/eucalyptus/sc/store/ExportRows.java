package org.eucalyptus.sc.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.common.util.Versioned;

/** The exports table: who each volume is exported to, with which CHAP login. */
public final class ExportRows {
  private final ScDatabase db;
  private final Versioned version;

  public ExportRows(ScDatabase db, Versioned version) {
    this.db = db;
    this.version = version;
  }

  /**
   * Records {@code e} if the volume is still {@code available} and not yet exported to that instance;
   * answers the export as it now is, or empty when the volume is not available.
   */
  public Optional<Export> insertOrGet(Export e) {
    Optional<Export> now = db.inTransaction(c -> {
      Optional<Volume> v = VolumeRows.find(c, e.volumeId());
      if (v.isEmpty() || v.get().status() != Volume.Status.AVAILABLE) {
        return Optional.<Export>empty();
      }
      Optional<Export> had = find(c, e.volumeId(), e.instanceId());
      if (had.isPresent()) {
        return had;
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO exports (volume_id, instance_id, chap_user,"
          + " chap_password, initiator) VALUES (?, ?, ?, ?, ?)")) {
        s.setString(1, e.volumeId());
        s.setString(2, e.instanceId());
        s.setString(3, e.chapUser());
        s.setString(4, e.chapPassword());
        s.setString(5, e.initiator().orElse(null));
        s.executeUpdate();
      }
      return Optional.of(e);
    });
    version.bump();
    return now;
  }

  public Optional<Export> find(String volumeId, String instanceId) {
    return db.inTransaction(c -> find(c, volumeId, instanceId));
  }

  /** Every export, or those of one volume. */
  public List<Export> list(Optional<String> volumeId) {
    return db.inTransaction(c -> {
      List<Export> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT * FROM exports ORDER BY volume_id, instance_id");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Export e = read(r);
          if (volumeId.isEmpty() || volumeId.get().equals(e.volumeId())) {
            out.add(e);
          }
        }
      }
      return out;
    });
  }

  public void delete(String volumeId, String instanceId) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM exports WHERE volume_id = ? AND instance_id = ?")) {
        s.setString(1, volumeId);
        s.setString(2, instanceId);
        return s.executeUpdate();
      }
    });
    version.bump();
  }

  private static Optional<Export> find(java.sql.Connection c, String volumeId, String instanceId)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT * FROM exports WHERE volume_id = ? AND instance_id = ?")) {
      s.setString(1, volumeId);
      s.setString(2, instanceId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(read(r)) : Optional.empty();
      }
    }
  }

  private static Export read(ResultSet r) throws SQLException {
    return new Export(r.getString("volume_id"), r.getString("instance_id"), r.getString("chap_user"),
        r.getString("chap_password"), Optional.ofNullable(r.getString("initiator")));
  }
}
