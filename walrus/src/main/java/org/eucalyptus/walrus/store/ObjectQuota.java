package org.eucalyptus.walrus.store;

import java.util.OptionalLong;

/**
 * The limits a new object must stay within: the number of objects in its bucket
 * (s3:quota-bucketobjectnumber), and the total size in MiB of the buckets a user created and of
 * the buckets an account owns (s3:quota-buckettotalsize; 3.1's unit, MB, was 2^20 bytes).
 *
 * @param userId whose buckets {@code userMb} counts
 * @param account whose buckets {@code accountMb} counts
 */
public record ObjectQuota(OptionalLong objectsInBucket, OptionalLong userMb, String userId, OptionalLong accountMb,
    String account) {
  public static final ObjectQuota NONE =
      new ObjectQuota(OptionalLong.empty(), OptionalLong.empty(), null, OptionalLong.empty(), null);

  public boolean none() {
    return objectsInBucket.isEmpty() && userMb.isEmpty() && accountMb.isEmpty();
  }
}
