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

/** GetBucketVersioning: versioning has never been turned on here, so S3 answers an empty configuration. */
public final class GetBucketVersioning implements S3Operation {
  private final Access access;

  public GetBucketVersioning(Access access) {
    this.access = access;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    access.forBucketGet(req);
    return StreamingResponse.xml(HttpResponseStatus.OK, new XmlWriter().root("VersioningConfiguration", S3Responses.NS).toString());
  }
}
