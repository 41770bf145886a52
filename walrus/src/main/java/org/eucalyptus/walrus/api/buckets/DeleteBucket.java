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
import org.eucalyptus.walrus.store.RequestCounts;

/** DeleteBucket: by its owner, and only when empty. */
public final class DeleteBucket implements S3Operation {
  private final Access access;
  private final BucketStore buckets;
  private final RequestCounts requests;

  public DeleteBucket(Access access, BucketStore buckets, RequestCounts requests) {
    this.access = access;
    this.buckets = buckets;
    this.requests = requests;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    access.owned(req);
    requests.flush(); // the bucket's requests, this one too, are credited to its owner while it has one
    if (!buckets.deleteIfEmpty(req.bucket())) {
      throw new S3Exception("BucketNotEmpty", "The bucket you tried to delete is not empty.",
          HttpResponseStatus.CONFLICT);
    }
    return S3Responses.empty(HttpResponseStatus.NO_CONTENT);
  }
}
