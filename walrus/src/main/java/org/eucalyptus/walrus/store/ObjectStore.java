package org.eucalyptus.walrus.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Objects: their data in files named by a random id (never by the key, so no key can reach outside
 * the storage directory), their metadata in the database. A write becomes visible only when whole:
 * temp file, rename into place, fsync (data, size and directory entry at once), then the metadata
 * commit; what a crash leaves half-done is removed by {@link #recover()} at start.
 */
public final class ObjectStore implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ObjectStore.class);

  /** An object's metadata, and where its data is. */
  public record StoredObject(String bucket, String key, String dataId, long size, String etag, String contentType,
      Map<String, String> metadata, String ownerAccount, Instant lastModified, Acl acl) {}

  /** The upload's body did not match what the request said of it. */
  public static final class BadDigestException extends Exception {
    private final String code;

    BadDigestException(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** One page of a listing. */
  public record Listing(List<StoredObject> objects, List<String> commonPrefixes, boolean truncated, String nextKey) {}

  private final DataSource db;
  private final GroupCommit commits;
  private final Path dataDir;
  private final Path tmpDir;
  private final DiskWrites writes;
  private final Path storageDir;

  /** A store that writes object data through the page cache. */
  public ObjectStore(DataSource db, Path storageDir) throws IOException, SQLException {
    this(db, storageDir, false);
  }

  /**
   * @param directIo true to write object data around the page cache (O_DIRECT) where the file system
   *     allows it: cheaper PUTs that leave the cache to other data, but reads of what was just
   *     written come from the disk
   */
  public ObjectStore(DataSource db, Path storageDir, boolean directIo) throws IOException, SQLException {
    this.db = db;
    this.storageDir = storageDir;
    this.dataDir = storageDir.resolve("data");
    this.tmpDir = storageDir.resolve("tmp");
    Files.createDirectories(dataDir);
    Files.createDirectories(tmpDir);
    this.writes = DiskWrites.probe(tmpDir, directIo);
    this.commits = new GroupCommit(db);
  }

  /** Whether object data goes around the page cache (O_DIRECT). */
  public boolean directIo() {
    return writes.direct();
  }

  private Path dataFile(String dataId) {
    return dataDir.resolve(dataId.substring(0, 2)).resolve(dataId);
  }

  public Path path(StoredObject o) {
    return dataFile(o.dataId());
  }

  /**
   * Stores an object from a stream.
   *
   * @param expectedMd5 base64 Content-MD5, or null
   * @param expectedSha256 hex x-amz-content-sha256 the signature covered, or null
   */
  public StoredObject put(String bucket, String key, InputStream body, long contentLength, String expectedMd5,
      String expectedSha256, String contentType, Map<String, String> metadata, String owner, Acl acl)
      throws IOException, SQLException, BadDigestException {
    Stored data = storeData(body, contentLength, expectedMd5, expectedSha256);
    return commitNew(new StoredObject(bucket, key, data.dataId(), data.size(), data.etag(), contentType, metadata,
        owner, Instant.now(), acl));
  }

  /** A data file written whole: its id, size and MD5 (hex). */
  public record Stored(String dataId, long size, String etag) {}

  /**
   * Writes a body to a new data file: temp file, checks, rename, fsync ({@link #publish}). No
   * metadata names it yet; the caller commits a row that does (or {@link #recover()} removes it
   * after a crash).
   */
  public Stored storeData(InputStream body, long contentLength, String expectedMd5, String expectedSha256)
      throws IOException, BadDigestException {
    String dataId = UUID.randomUUID().toString();
    Path tmp = tmpDir.resolve(dataId + ".part");
    boolean published = false;
    MessageDigest md5 = digest("MD5");
    MessageDigest sha = expectedSha256 == null ? null : digest("SHA-256");
    try (FileChannel out = writes.create(tmp)) {
      long size = body instanceof org.eucalyptus.common.http.PieceSource pieces ? writePieces(pieces, out, md5, sha)
          : writeStream(body, out, md5, sha);
      writes.finish(out, size);
      if (contentLength >= 0 && size != contentLength) {
        throw new BadDigestException("IncompleteBody", "The request body ended after " + size + " of "
            + contentLength + " bytes");
      }
      byte[] md5sum = md5.digest();
      if (expectedMd5 != null && !java.util.Base64.getEncoder().encodeToString(md5sum).equals(expectedMd5.strip())) {
        throw new BadDigestException("BadDigest", "The Content-MD5 you specified did not match what we received.");
      }
      if (sha != null && !HexFormat.of().formatHex(sha.digest()).equalsIgnoreCase(expectedSha256)) {
        throw new BadDigestException("XAmzContentSHA256Mismatch",
            "The provided 'x-amz-content-sha256' header does not match what was computed.");
      }
      publish(tmp, dataId, out);
      published = true;
      return new Stored(dataId, size, HexFormat.of().formatHex(md5sum));
    } finally {
      removeLeftover(tmp, published);
    }
  }

  /** Data subdirectories known to exist: creating one is asked once, not per object. */
  private final Set<Path> madeDirs = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Moves a whole temp file to its data file and makes both durable. The rename comes first and one
   * fsync follows it, under the file's final name: on ext4 and XFS that one fsync puts the data, the
   * size and the file's new directory entry on disk together (a sync before the rename would leave
   * the entry to the next journal commit, and a second sync of the directory costs a second disk
   * flush: a fifth of the 1 MiB PUT rate here). The file is visible only once a row names it, so a
   * crash in between leaves a file no row names, which {@link #recover()} removes.
   */
  private void publish(Path tmp, String dataId, FileChannel written) throws IOException {
    Path target = dataFile(dataId);
    Path parent = target.getParent();
    if (!madeDirs.contains(parent)) {
      Files.createDirectories(parent);
      syncDirectory(dataDir); // the new subdirectory's own entry
      madeDirs.add(parent);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    try {
      written.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(target);
      throw e;
    }
  }

  /** fsync of a directory: makes the entries created or renamed in it durable. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /**
   * Removes the temp file of a write that failed. After a rename there is nothing to remove, and no
   * lookup is made: a lookup that misses costs the JDK an exception, on every PUT.
   */
  private static void removeLeftover(Path tmp, boolean published) throws IOException {
    if (!published) {
      Files.deleteIfExists(tmp);
    }
  }

  /** Uploads larger than this are written by a second thread while the first hashes. */
  private static final long PIPELINE_AFTER = 8L * 1024 * 1024;
  private final java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "walrus-file-writer");
    t.setDaemon(true);
    return t;
  });

  /**
   * The body's pieces to the file. Buffered, a piece is written from the buffer it arrived in;
   * direct, through a staging buffer ({@link StagedFileWriter}). Past the first few MiB a writer
   * thread takes the writing ({@link PipelinedFileWriter}), so hashing and writing run side by side.
   */
  private long writePieces(org.eucalyptus.common.http.PieceSource body, FileChannel out, MessageDigest md5,
      MessageDigest sha) throws IOException {
    long[] size = {0};
    PipelinedFileWriter[] pipe = {null};
    StagedFileWriter[] staged = {writes.direct() ? new StagedFileWriter(out, writes) : null};
    try {
      while (body.nextPiece(piece -> {
        md5.update(piece.duplicate());
        if (sha != null) {
          sha.update(piece.duplicate());
        }
        size[0] += piece.remaining();
        if (pipe[0] == null && size[0] > PIPELINE_AFTER) {
          pipe[0] = new PipelinedFileWriter(out, writers, writes);
          if (staged[0] != null) {
            staged[0].handOver(pipe[0]);
            staged[0] = null;
          }
        }
        if (pipe[0] != null) {
          pipe[0].write(piece);
        } else if (staged[0] != null) {
          staged[0].write(piece);
        } else {
          DiskWrites.writeFully(out, piece);
        }
      })) {
        // next piece
      }
      if (pipe[0] != null) {
        pipe[0].finish();
      } else if (staged[0] != null) {
        staged[0].finish();
      }
    } finally {
      if (pipe[0] != null) {
        pipe[0].close();
      }
      if (staged[0] != null) {
        staged[0].close();
      }
    }
    return size[0];
  }

  private long writeStream(InputStream body, FileChannel out, MessageDigest md5, MessageDigest sha)
      throws IOException {
    long size = 0;
    byte[] buf = new byte[256 * 1024];
    try (StagedFileWriter staged = new StagedFileWriter(out, writes)) {
      for (int n; (n = body.read(buf)) > 0; ) {
        md5.update(buf, 0, n);
        if (sha != null) {
          sha.update(buf, 0, n);
        }
        staged.write(ByteBuffer.wrap(buf, 0, n));
        size += n;
      }
      staged.finish();
    }
    return size;
  }

  public void deleteData(String dataId) throws IOException {
    Files.deleteIfExists(dataFile(dataId));
  }

  /** Joins data files, in order, into a new object (the multipart completion). */
  /**
   * Joins data files into a new object. {@code also} runs in the transaction that commits its row
   * (a multipart upload's rows go in the same commit, so a crash leaves the upload or the object,
   * never both).
   */
  public StoredObject putJoined(String bucket, String key, List<String> dataIds, String etag, String contentType,
      Map<String, String> metadata, String owner, Acl acl, SqlStep also) throws IOException, SQLException {
    String dataId = UUID.randomUUID().toString();
    Path tmp = tmpDir.resolve(dataId + ".part");
    boolean published = false;
    long size = 0;
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        for (String part : dataIds) {
          try (FileChannel in = FileChannel.open(dataFile(part), StandardOpenOption.READ)) {
            long len = in.size();
            for (long done = 0; done < len; ) {
              done += in.transferTo(done, len - done, out);
            }
            size += len;
          }
        }
        publish(tmp, dataId, out);
        published = true;
      }
      return commitNew(new StoredObject(bucket, key, dataId, size, etag, contentType, metadata, owner, Instant.now(),
          acl), also);
    } finally {
      removeLeftover(tmp, published);
    }
  }

  /** More statements for the transaction that commits an object's row. */
  @FunctionalInterface
  public interface SqlStep {
    void run(Connection c) throws SQLException;
  }

  private StoredObject commitNew(StoredObject o) throws SQLException, IOException {
    return commitNew(o, c -> { });
  }

  private StoredObject commitNew(StoredObject o, SqlStep also) throws SQLException, IOException {
    String replaced = commit(o, also);
    if (replaced != null) {
      Files.deleteIfExists(dataFile(replaced));
    }
    return o;
  }

  /**
   * Makes the object visible, replacing any earlier one; returns the earlier one's data id. Writes
   * from concurrent requests share one commit ({@link GroupCommit}).
   */
  private String commit(StoredObject o, SqlStep also) throws SQLException, IOException {
    try {
      return commits.commit(c -> replaceRow(c, o, also));
    } catch (GroupCommit.NotDurableException e) {
      throw e; // committed: the row names the data, which stays
    } catch (SQLException | RuntimeException e) {
      Files.deleteIfExists(dataFile(o.dataId()));
      throw e;
    }
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
   * Copies an object (its data file copied whole, then committed like a put), with the source's
   * metadata or with new metadata.
   */
  public StoredObject copy(StoredObject source, String bucket, String key, String contentType,
      Map<String, String> metadata, String owner, Acl acl) throws IOException, SQLException {
    String dataId = UUID.randomUUID().toString();
    Path tmp = tmpDir.resolve(dataId + ".part");
    boolean published = false;
    try {
      Files.copy(dataFile(source.dataId()), tmp);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        publish(tmp, dataId, ch);
        published = true;
      }
      StoredObject o = new StoredObject(bucket, key, dataId, source.size(), source.etag(), contentType, metadata,
          owner, Instant.now(), acl);
      return commitNew(o);
    } finally {
      removeLeftover(tmp, published);
    }
  }

  public void setAcl(String bucket, String key, Acl acl) throws SQLException {
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement("update walrus_objects set acl = ? where bucket = ? and object_key = ?")) {
      st.setString(1, acl.encode());
      st.setString(2, bucket);
      st.setString(3, key);
      st.executeUpdate();
    }
  }

  public Optional<StoredObject> get(String bucket, String key) throws SQLException {
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement(SELECT + " where bucket = ? and object_key = ?")) {
      st.setString(1, bucket);
      st.setString(2, key);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  /** Deletes an object (deleting one that is not there is not an error, as in S3). */
  public void delete(String bucket, String key) throws SQLException, IOException {
    // Through the group commit, so the row is durably gone before its file is: a power cut never
    // leaves a row naming a removed file.
    String dataId = commits.commit(c -> {
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
    if (dataId != null) {
      Files.deleteIfExists(dataFile(dataId));
    }
  }


  /**
   * Lists keys after {@code after} that start with {@code prefix}, in key order; with a delimiter,
   * keys that have it after the prefix are rolled up into common prefixes (each counting as one).
   */
  public Listing list(String bucket, String prefix, String delimiter, String after, int maxKeys) throws SQLException {
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

  /** Commits the writes under way, then takes no more, and stops the file-writer threads. */
  @Override
  public void close() {
    commits.close();
    // A writer still busy belongs to an upload whose request is being torn down with the server.
    writers.shutdown();
    try {
      if (!writers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
        writers.shutdownNow();
      }
    } catch (InterruptedException e) {
      writers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Removes what an interrupted write left: temp files, and data files no metadata names. */
  public void recover() throws IOException, SQLException {
    // Before anything is removed: this directory and this database must be each other's.
    StorageIdentity.verify(db, storageDir);
    try (Stream<Path> tmp = Files.list(tmpDir)) {
      for (Path p : tmp.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Set<String> known = new HashSet<>();
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement(
             "select data_id from walrus_objects union all select data_id from walrus_parts");
         ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        known.add(rs.getString(1));
      }
    }
    int removed = 0;
    Set<String> present = new HashSet<>();
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        present.add(p.getFileName().toString());
        if (!known.contains(p.getFileName().toString())) {
          Files.deleteIfExists(p);
          removed++;
        }
      }
    }
    if (removed > 0) {
      LOG.info("removed {} object file(s) an interrupted write left behind", removed);
    }
    known.removeAll(present);
    forgetRowsWithoutData(known);
  }

  /**
   * Rows whose data file is gone: what a power cut can leave of a delete whose commit had not reached
   * the disk when its file was removed. The object (or part) was being deleted; it is forgotten,
   * rather than listed and failing every read.
   */
  private void forgetRowsWithoutData(Set<String> missing) throws SQLException {
    int forgotten = 0;
    try (Connection c = db.getConnection()) {
      for (String id : missing) {
        for (String table : List.of("walrus_objects", "walrus_parts")) {
          try (PreparedStatement del = c.prepareStatement("delete from " + table + " where data_id = ?")) {
            del.setString(1, id);
            forgotten += del.executeUpdate();
          }
        }
      }
    }
    if (forgotten > 0) {
      LOG.warn("forgot {} object(s) or part(s) whose data was deleted before a crash", forgotten);
    }
  }

  private static final String SELECT = "select bucket, object_key, data_id, size, etag, content_type, metadata,"
      + " owner_account, last_modified, acl from walrus_objects";

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

  private static MessageDigest digest(String alg) {
    try {
      return MessageDigest.getInstance(alg);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
