package org.eucalyptus.walrus.store;

import java.sql.SQLException;

/**
 * A write refused because it would pass a quota, naming the limit; S3's error code with it. A
 * {@link SQLException} because it is thrown inside the transaction that would have written, which
 * it rolls back.
 */
public final class QuotaExceededException extends SQLException {
  /** S3's error for a bucket past the bucket-number quota. */
  public static final String TOO_MANY_BUCKETS = "TooManyBuckets";
  /** For an object past the bucket's object-number quota (S3 has none; Ceph's S3 API says this). */
  public static final String QUOTA_EXCEEDED = "QuotaExceeded";
  /** For an object that would take a total size past its quota: S3's code for an upload too large. */
  public static final String ENTITY_TOO_LARGE = "EntityTooLarge";

  private final String code;

  QuotaExceededException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
