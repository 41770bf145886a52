package org.eucalyptus.walrus.api;

import java.util.OptionalLong;
import org.eucalyptus.common.policy.Authorization;
import org.eucalyptus.common.policy.Limits;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.walrus.store.BucketStore;
import org.eucalyptus.walrus.store.ObjectQuota;

/**
 * The quotas (Eucalyptus's Limit statements) a request's writes must stay within, from the caller's
 * own and groups' policies (the user's limits) and its account's (the account's): the number of
 * buckets on s3:CreateBucket, and on s3:PutObject (a put, a copy, a multipart completion) the
 * number of objects in the bucket and the total size of the caller's buckets. An anonymous
 * request has no policies and so no quotas; the cloud administrator none either.
 */
public final class S3Quotas {
  private S3Quotas() {}

  public static BucketStore.BucketQuota buckets(S3Request req) {
    Authorization a = req.authorization();
    if (a == null) {
      return BucketStore.BucketQuota.NONE;
    }
    Limits l = a.limits("s3:CreateBucket", Quotas.BUCKET_NUMBER);
    return new BucketStore.BucketQuota(l.user(), l.account());
  }

  /**
   * A new object's quotas in {@code bucket}: the lower of the user's and the account's object
   * numbers for the bucket; the user's total size if it created the bucket, the account's if the
   * bucket is its account's (a write into another's bucket adds to that one's storage, not its own).
   */
  public static ObjectQuota objects(S3Request req, BucketStore.Bucket bucket) {
    Authorization a = req.authorization();
    if (a == null) {
      return ObjectQuota.NONE;
    }
    Limits number = a.limits("s3:PutObject", Quotas.BUCKET_OBJECT_NUMBER);
    Limits size = a.limits("s3:PutObject", Quotas.BUCKET_TOTAL_SIZE);
    String user = a.caller().userId();
    String account = a.caller().accountNumber();
    return new ObjectQuota(lower(number.user(), number.account()),
        user.equals(bucket.creator()) ? size.user() : OptionalLong.empty(), user,
        account.equals(bucket.ownerAccount()) ? size.account() : OptionalLong.empty(), account);
  }

  private static OptionalLong lower(OptionalLong a, OptionalLong b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : OptionalLong.of(Math.min(a.getAsLong(), b.getAsLong()));
  }
}
