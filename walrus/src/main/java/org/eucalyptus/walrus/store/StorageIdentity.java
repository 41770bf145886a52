package org.eucalyptus.walrus.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Ties a storage directory to its metadata database: one id, in the directory's {@code storage-id}
 * file and in the database. Recovery removes files no row names and rows whose file is gone, so
 * started against the wrong pair (a storage disk that did not mount, a WALRUS_DB_URL naming another
 * Walrus's database) it would destroy one side; with the ids compared first, it refuses instead.
 */
final class StorageIdentity {
  private static final Logger LOG = LogManager.getLogger(StorageIdentity.class);
  static final String FILE = "storage-id";

  private StorageIdentity() {}

  /**
   * Checks that {@code storage} and {@code db} belong together; the first time (neither has an id)
   * gives both one.
   *
   * @throws IOException saying which side differs, when they do not
   */
  static String verify(javax.sql.DataSource db, Path storage) throws IOException, SQLException {
    Path file = storage.resolve(FILE);
    Optional<String> onDisk = Files.exists(file)
        ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip()) : Optional.empty();
    try (Connection c = db.getConnection()) {
      Optional<String> inDb = idIn(c);
      if (onDisk.isPresent() && inDb.isPresent()) {
        if (!onDisk.get().equals(inDb.get())) {
          throw new IOException("the storage directory " + storage + " (id " + onDisk.get() + ") belongs to another"
              + " Walrus database than this one (id " + inDb.get() + "): check WALRUS_DB_URL and WALRUS_STORAGE_DIR;"
              + " nothing was changed");
        }
        return onDisk.get();
      }
      if (inDb.isPresent()) {
        throw new IOException("the storage directory " + storage + " has no " + FILE + " file, but this database"
            + " describes the storage with id " + inDb.get() + ": is the storage disk mounted? nothing was changed");
      }
      if (onDisk.isPresent()) {
        throw new IOException("the storage directory " + storage + " (id " + onDisk.get() + ") belongs to another"
            + " Walrus database; this one is new: check WALRUS_DB_URL; nothing was changed");
      }
      // Neither has an id: a new Walrus, or one from before ids, whose pair is taken as it is.
      String id = UUID.randomUUID().toString();
      Path tmp = storage.resolve(FILE + ".tmp");
      Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
          java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      DataFiles.syncDirectory(storage);
      try (PreparedStatement ins = c.prepareStatement("insert into walrus_storage (storage_id) values (?)")) {
        ins.setString(1, id);
        ins.executeUpdate();
      }
      GroupCommit.durabilityOf(db).sync(c);
      LOG.info("storage {} and its database given the id {}", storage, id);
      return id;
    }
  }

  private static Optional<String> idIn(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select storage_id from walrus_storage")) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }
}
