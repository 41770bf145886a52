package org.eucalyptus.walrus.api.acl;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.sql.SQLException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.store.Acl;
import org.eucalyptus.walrus.store.ObjectStore;

/** GetObjectAcl: the object's AccessControlPolicy, to whoever holds READ_ACP on it. */
public final class GetObjectAcl implements S3Operation {
  private final Access access;
  private final ObjectStore objects;

  public GetObjectAcl(Access access, ObjectStore objects) {
    this.access = access;
    this.objects = objects;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    access.forObject(req);
    ObjectStore.StoredObject o = objects.get(req.bucket(), req.key()).orElseThrow(S3Errors::noSuchKey);
    Access.require(o.acl(), req, Acl.Permission.READ_ACP);
    return StreamingResponse.xml(HttpResponseStatus.OK, o.acl().toXml(S3Responses.NS));
  }
}
