package org.eucalyptus.walrus.api.buckets;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.sql.SQLException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.store.Acl;

/** HeadBucket: whether the bucket exists and the caller may read it. */
public final class HeadBucket implements S3Operation {
  private final Access access;

  public HeadBucket(Access access) {
    this.access = access;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    access.bucket(req, Acl.Permission.READ);
    return StreamingResponse.head(HttpResponseStatus.OK, new DefaultHttpHeaders());
  }
}
