package org.eucalyptus.walrus.api.buckets;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.sql.SQLException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.store.BucketStore;

/** GetBucketLocation: the LocationConstraint the bucket was created with; empty for the default. */
public final class GetBucketLocation implements S3Operation {
  private final Access access;

  public GetBucketLocation(Access access) {
    this.access = access;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    BucketStore.Bucket b = access.forBucketGet(req);
    return StreamingResponse.xml(HttpResponseStatus.OK, new XmlWriter().root("LocationConstraint", S3Responses.NS)
        .text(b.location() == null ? "" : b.location()).toString());
  }
}
