package org.eucalyptus.walrus.api.acl;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.sql.SQLException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.store.Acl;
import org.eucalyptus.walrus.store.BucketStore;

/** PutBucketAcl: a new ACL for the bucket (it stays its owner's), by whoever holds WRITE_ACP on it. */
public final class PutBucketAcl implements S3Operation {
  private final Access access;
  private final BucketStore buckets;

  public PutBucketAcl(Access access, BucketStore buckets) {
    this.access = access;
    this.buckets = buckets;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    BucketStore.Bucket target = access.bucket(req, Acl.Permission.WRITE_ACP);
    buckets.setAcl(req.bucket(), RequestedAcl.of(req, req.body(), target.ownerAccount(), target.ownerAccount()));
    return S3Responses.empty(HttpResponseStatus.OK);
  }
}
