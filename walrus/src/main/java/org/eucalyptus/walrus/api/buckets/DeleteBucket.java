package org.eucalyptus.walrus.api.buckets;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.sql.SQLException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.store.BucketStore;

/** DeleteBucket: by its owner, and only when empty. */
public final class DeleteBucket implements S3Operation {
  private final Access access;
  private final BucketStore buckets;

  public DeleteBucket(Access access, BucketStore buckets) {
    this.access = access;
    this.buckets = buckets;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    access.owned(req);
    if (!buckets.deleteIfEmpty(req.bucket())) {
      throw new S3Exception("BucketNotEmpty", "The bucket you tried to delete is not empty.",
          HttpResponseStatus.CONFLICT);
    }
    return S3Responses.empty(HttpResponseStatus.NO_CONTENT);
  }
}
