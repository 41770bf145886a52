package org.eucalyptus.walrus.store;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Multipart uploads: parts are stored as the object store stores objects (whole or not at all);
 * completing one joins the parts into a new object file and commits it like any put, then forgets
 * the upload. The object's ETag is the MD5 of the parts' MD5s, a dash, and the number of parts.
 */
public final class MultipartStore {
  /** S3's smallest part (but for the last). */
  public static final long MIN_PART = 5L * 1024 * 1024;

  public record Upload(String uploadId, String bucket, String key, String ownerAccount, String contentType,
      Map<String, String> metadata, Instant initiated) {}

  public record Part(int number, String dataId, long size, String etag, Instant lastModified) {}

  /** A refused multipart operation, with S3's code. */
  public static final class MultipartException extends Exception {
    private final String code;

    public MultipartException(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final DataSource db;
  private final ObjectStore objects;
  private final DataFiles files;

  public MultipartStore(DataSource db, ObjectStore objects) {
    this.db = db;
    this.objects = objects;
    this.files = objects.files();
  }

  public Upload initiate(String bucket, String key, String owner, String contentType, Map<String, String> metadata)
      throws SQLException {
    Upload u = new Upload(UUID.randomUUID().toString().replace("-", ""), bucket, key, owner, contentType, metadata,
        Instant.now());
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement("insert into walrus_uploads (upload_id, bucket, object_key,"
             + " owner_account, content_type, metadata, initiated) values (?, ?, ?, ?, ?, ?, ?)")) {
      st.setString(1, u.uploadId());
      st.setString(2, bucket);
      st.setString(3, key);
      st.setString(4, owner);
      st.setString(5, contentType);
      st.setString(6, ObjectRows.encode(metadata));
      st.setTimestamp(7, Timestamp.from(u.initiated()));
      st.executeUpdate();
    }
    return u;
  }

  public Optional<Upload> find(String uploadId) throws SQLException {
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement("select upload_id, bucket, object_key, owner_account, content_type,"
             + " metadata, initiated from walrus_uploads where upload_id = ?")) {
      st.setString(1, uploadId);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(upload(rs)) : Optional.empty();
      }
    }
  }

  public List<Upload> uploads(String bucket) throws SQLException {
    List<Upload> out = new ArrayList<>();
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement("select upload_id, bucket, object_key, owner_account, content_type,"
             + " metadata, initiated from walrus_uploads where bucket = ? order by object_key, initiated")) {
      st.setString(1, bucket);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(upload(rs));
        }
      }
    }
    return out;
  }

  /** Stores one part (replacing an earlier part of that number). */
  public Part putPart(Upload u, int number, InputStream body, long length, String expectedMd5, String expectedSha256)
      throws IOException, SQLException, DataFiles.BadDigestException {
    DataFiles.Stored data = files.store(body, length, expectedMd5, expectedSha256);
    Part p = new Part(number, data.dataId(), data.size(), data.etag(), Instant.now());
    String old = null;
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement sel = c.prepareStatement(
               "select data_id from walrus_parts where upload_id = ? and part_number = ? for update");
           PreparedStatement del = c.prepareStatement(
               "delete from walrus_parts where upload_id = ? and part_number = ?");
           PreparedStatement ins = c.prepareStatement("insert into walrus_parts (upload_id, part_number, data_id, size,"
               + " etag, last_modified) values (?, ?, ?, ?, ?, ?)")) {
        sel.setString(1, u.uploadId());
        sel.setInt(2, number);
        try (ResultSet rs = sel.executeQuery()) {
          old = rs.next() ? rs.getString(1) : null;
        }
        del.setString(1, u.uploadId());
        del.setInt(2, number);
        del.executeUpdate();
        ins.setString(1, u.uploadId());
        ins.setInt(2, number);
        ins.setString(3, p.dataId());
        ins.setLong(4, p.size());
        ins.setString(5, p.etag());
        ins.setTimestamp(6, Timestamp.from(p.lastModified()));
        ins.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        files.delete(p.dataId());
        throw e;
      }
    }
    if (old != null) {
      files.delete(old);
    }
    return p;
  }

  public List<Part> parts(String uploadId) throws SQLException {
    List<Part> out = new ArrayList<>();
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement("select part_number, data_id, size, etag, last_modified"
             + " from walrus_parts where upload_id = ? order by part_number")) {
      st.setString(1, uploadId);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(new Part(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getString(4),
              rs.getTimestamp(5).toInstant()));
        }
      }
    }
    return out;
  }

  /**
   * Joins the named parts (numbers ascending, ETags as given back by UploadPart) into the object.
   */
  public ObjectStore.StoredObject complete(Upload u, List<Integer> numbers, List<String> etags, ObjectQuota quota)
      throws MultipartException, IOException, SQLException {
    List<Part> stored = parts(u.uploadId());
    List<Part> chosen = new ArrayList<>();
    int previous = 0;
    for (int i = 0; i < numbers.size(); i++) {
      int n = numbers.get(i);
      if (n <= previous) {
        throw new MultipartException("InvalidPartOrder", "The list of parts was not in ascending order.");
      }
      previous = n;
      Part p = stored.stream().filter(x -> x.number() == n).findFirst().orElseThrow(() ->
          new MultipartException("InvalidPart", "Part " + n + " was not uploaded."));
      if (!p.etag().equals(etags.get(i).replace("\"", "").strip())) {
        throw new MultipartException("InvalidPart", "Part " + n + "'s ETag does not match.");
      }
      if (i < numbers.size() - 1 && p.size() < MIN_PART) {
        throw new MultipartException("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed"
            + " object size.");
      }
      chosen.add(p);
    }
    if (chosen.isEmpty()) {
      throw new MultipartException("MalformedXML", "A completion names at least one part.");
    }
    MessageDigest md5s = md5();
    for (Part p : chosen) {
      md5s.update(HexFormat.of().parseHex(p.etag()));
    }
    String etag = HexFormat.of().formatHex(md5s.digest()) + "-" + chosen.size();
    List<Part> all = parts(u.uploadId());
    ObjectStore.StoredObject o = objects.putJoined(u.bucket(), u.key(), chosen.stream().map(Part::dataId).toList(),
        etag, u.contentType(), u.metadata(), u.ownerAccount(), Acl.privateTo(u.ownerAccount()),
        c -> deleteRows(c, u.uploadId()), quota);
    // Part files no row names any more; were we to crash first, recover() would remove them.
    for (Part p : all) {
      files.delete(p.dataId());
    }
    return o;
  }

  public void abort(Upload u) throws SQLException, IOException {
    forget(u.uploadId());
  }

  /** Removes an upload's rows, then its part files. */
  private static void deleteRows(Connection c, String uploadId) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("delete from walrus_parts where upload_id = ?");
         PreparedStatement u = c.prepareStatement("delete from walrus_uploads where upload_id = ?")) {
      p.setString(1, uploadId);
      p.executeUpdate();
      u.setString(1, uploadId);
      u.executeUpdate();
    }
  }

  private void forget(String uploadId) throws SQLException, IOException {
    List<Part> parts = parts(uploadId);
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        deleteRows(c, uploadId);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
    for (Part p : parts) {
      files.delete(p.dataId());
    }
  }

  private static Upload upload(ResultSet rs) throws SQLException {
    return new Upload(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        ObjectRows.decode(rs.getString(6)), rs.getTimestamp(7).toInstant());
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
