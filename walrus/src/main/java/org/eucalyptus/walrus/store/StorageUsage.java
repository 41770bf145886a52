package org.eucalyptus.walrus.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What Walrus tells the cloud's usage reports: the bytes each bucket holds now (its objects, and the
 * parts of its uploads in progress, which take disk as much as objects do), and the requests per
 * bucket and hour ({@link RequestCounts}).
 */
public final class StorageUsage {
  /**
   * A bucket and what it holds now.
   *
   * @param creator "" for a bucket made before Walrus kept it
   */
  public record BucketBytes(String bucket, String ownerAccount, String creator, Instant created, long bytes,
      long objects) {}

  /** The requests that named a bucket of this owner and creator in one hour. */
  public record HourRequests(Instant hour, String bucket, String ownerAccount, String creator, long requests) {}

  private final DataSource db;
  private final RequestCounts counts;

  public StorageUsage(DataSource db, RequestCounts counts) {
    this.db = db;
    this.counts = counts;
  }

  /** Every bucket, with its bytes and objects now. */
  public List<BucketBytes> buckets() throws SQLException {
    List<BucketBytes> out = new ArrayList<>();
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement("select b.name, b.owner_account, b.creator_user, b.created,"
             + " coalesce((select sum(o.size) from walrus_objects o where o.bucket = b.name), 0)"
             + " + coalesce((select sum(p.size) from walrus_parts p join walrus_uploads u on u.upload_id = p.upload_id"
             + " where u.bucket = b.name), 0),"
             + " (select count(*) from walrus_objects o where o.bucket = b.name)"
             + " from walrus_buckets b order by b.name");
         ResultSet r = st.executeQuery()) {
      while (r.next()) {
        out.add(new BucketBytes(r.getString(1), r.getString(2), r.getString(3) == null ? "" : r.getString(3),
            r.getTimestamp(4).toInstant(), r.getLong(5), r.getLong(6)));
      }
    }
    return out;
  }

  /** The requests counted in the hours from {@code since} on, written first so that they include the latest. */
  public List<HourRequests> requestsSince(Instant since) throws SQLException {
    counts.flush();
    List<HourRequests> out = new ArrayList<>();
    try (Connection c = db.getConnection();
         PreparedStatement st = c.prepareStatement("select hour_start, bucket, owner_account, creator_user, requests"
             + " from walrus_request_counts where hour_start >= ? order by hour_start, bucket")) {
      st.setObject(1, since.atOffset(ZoneOffset.UTC));
      try (ResultSet r = st.executeQuery()) {
        while (r.next()) {
          out.add(new HourRequests(r.getTimestamp(1).toInstant(), r.getString(2), r.getString(3), r.getString(4),
              r.getLong(5)));
        }
      }
    }
    return out;
  }
}
