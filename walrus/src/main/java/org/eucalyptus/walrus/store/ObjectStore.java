package org.eucalyptus.walrus.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Objects: their data in {@link DataFiles}, their metadata in {@link ObjectRows}. A write becomes
 * visible only when whole: the data file is durable first (temp file, rename, fsync), then the row
 * that names it is committed; what a crash leaves half-done is removed by {@link #recover()} at start.
 */
public final class ObjectStore implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ObjectStore.class);

  /** An object's metadata, and where its data is. */
  public record StoredObject(String bucket, String key, String dataId, long size, String etag, String contentType,
      Map<String, String> metadata, String ownerAccount, Instant lastModified, Acl acl) {}

  /** One page of a listing. */
  public record Listing(List<StoredObject> objects, List<String> commonPrefixes, boolean truncated, String nextKey) {}

  /** More statements for the transaction that commits an object's row. */
  @FunctionalInterface
  public interface SqlStep {
    void run(Connection c) throws SQLException;
  }

  private final DataSource db;
  private final Path storageDir;
  private final DataFiles files;
  private final ObjectRows rows;

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
    this.files = new DataFiles(storageDir, directIo);
    try {
      this.rows = new ObjectRows(db);
    } catch (SQLException | RuntimeException e) {
      files.close();
      throw e;
    }
  }

  /** Whether object data goes around the page cache (O_DIRECT). */
  public boolean directIo() {
    return files.directIo();
  }

  /** The data files, for what stores data that is not (yet) an object: multipart uploads' parts. */
  public DataFiles files() {
    return files;
  }

  public Path path(StoredObject o) {
    return files.path(o.dataId());
  }

  /**
   * Stores an object from a stream.
   *
   * @param expectedMd5 base64 Content-MD5, or null
   * @param expectedSha256 hex x-amz-content-sha256 the signature covered, or null
   * @param quota what the object must stay within, checked in the transaction that commits it
   */
  public StoredObject put(String bucket, String key, InputStream body, long contentLength, String expectedMd5,
      String expectedSha256, String contentType, Map<String, String> metadata, String owner, Acl acl,
      ObjectQuota quota) throws IOException, SQLException, DataFiles.BadDigestException {
    prepare(quota);
    DataFiles.Stored data = files.store(body, contentLength, expectedMd5, expectedSha256);
    return commitNew(new StoredObject(bucket, key, data.dataId(), data.size(), data.etag(), contentType, metadata,
        owner, Instant.now(), acl), QuotaCounts.objects(quota, bucket));
  }

  /** What checking {@code quota} in a commit needs beforehand: the account's lock row. */
  private void prepare(ObjectQuota quota) throws SQLException {
    if (quota.userMb().isPresent() || quota.accountMb().isPresent()) {
      QuotaCounts.ensureLock(db, QuotaCounts.accountLock(quota.account()));
    }
  }

  /**
   * Joins data files into a new object. {@code also} runs in the transaction that commits its row
   * (a multipart upload's rows go in the same commit, so a crash leaves the upload or the object,
   * never both).
   */
  public StoredObject putJoined(String bucket, String key, List<String> dataIds, String etag, String contentType,
      Map<String, String> metadata, String owner, Acl acl, SqlStep also, ObjectQuota quota)
      throws IOException, SQLException {
    prepare(quota);
    DataFiles.Joined data = files.join(dataIds);
    SqlStep check = QuotaCounts.objects(quota, bucket);
    return commitNew(new StoredObject(bucket, key, data.dataId(), data.size(), etag, contentType, metadata, owner,
        Instant.now(), acl), c -> {
          also.run(c);
          check.run(c);
        });
  }

  /**
   * Copies an object (its data file copied whole, then committed like a put), with the source's
   * metadata or with new metadata.
   */
  public StoredObject copy(StoredObject source, String bucket, String key, String contentType,
      Map<String, String> metadata, String owner, Acl acl, ObjectQuota quota) throws IOException, SQLException {
    prepare(quota);
    String dataId = files.copy(source.dataId());
    return commitNew(new StoredObject(bucket, key, dataId, source.size(), source.etag(), contentType, metadata,
        owner, Instant.now(), acl), QuotaCounts.objects(quota, bucket));
  }

  /**
   * Commits the row that makes a durable data file an object, replacing any earlier one, whose
   * file then goes. Writes from concurrent requests share one commit ({@link GroupCommit}).
   */
  private StoredObject commitNew(StoredObject o, SqlStep also) throws SQLException, IOException {
    String replaced;
    try {
      replaced = rows.replace(o, also);
    } catch (GroupCommit.NotDurableException e) {
      throw e; // committed: the row names the data, which stays
    } catch (SQLException | RuntimeException e) {
      files.delete(o.dataId());
      throw e;
    }
    if (replaced != null) {
      files.delete(replaced);
    }
    return o;
  }

  public void setAcl(String bucket, String key, Acl acl) throws SQLException {
    rows.setAcl(bucket, key, acl);
  }

  public Optional<StoredObject> get(String bucket, String key) throws SQLException {
    return rows.get(bucket, key);
  }

  /** Deletes an object (deleting one that is not there is not an error, as in S3). */
  public void delete(String bucket, String key) throws SQLException, IOException {
    String dataId = rows.delete(bucket, key);
    if (dataId != null) {
      files.delete(dataId);
    }
  }

  /**
   * Lists keys after {@code after} that start with {@code prefix}, in key order; with a delimiter,
   * keys that have it after the prefix are rolled up into common prefixes (each counting as one).
   */
  public Listing list(String bucket, String prefix, String delimiter, String after, int maxKeys) throws SQLException {
    return rows.list(bucket, prefix, delimiter, after, maxKeys);
  }

  /** Commits the writes under way, then takes no more, and stops the file-writer threads. */
  @Override
  public void close() {
    rows.close();
    files.close();
  }

  /** Removes what an interrupted write left: temp files, and data files no metadata names. */
  public void recover() throws IOException, SQLException {
    // Before anything is removed: this directory and this database must be each other's.
    StorageIdentity.verify(db, storageDir);
    files.clearTemp();
    Set<String> known = rows.dataIds();
    DataFiles.Sweep sweep = files.removeAllBut(known);
    if (sweep.removed() > 0) {
      LOG.info("removed {} object file(s) an interrupted write left behind", sweep.removed());
    }
    // Rows whose data file is gone: what a power cut can leave of a delete whose commit had not reached
    // the disk when its file was removed. The object (or part) was being deleted; it is forgotten,
    // rather than listed and failing every read.
    known.removeAll(sweep.present());
    int forgotten = rows.forget(known);
    if (forgotten > 0) {
      LOG.warn("forgot {} object(s) or part(s) whose data was deleted before a crash", forgotten);
    }
  }
}
