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

/** GetBucketAcl: the bucket's AccessControlPolicy, to whoever holds READ_ACP on it. */
public final class GetBucketAcl implements S3Operation {
  private final Access access;

  public GetBucketAcl(Access access) {
    this.access = access;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    return StreamingResponse.xml(HttpResponseStatus.OK,
        access.bucket(req, Acl.Permission.READ_ACP).acl().toXml(S3Responses.NS));
  }
}
