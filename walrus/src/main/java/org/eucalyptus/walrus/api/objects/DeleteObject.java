package org.eucalyptus.walrus.api.objects;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.sql.SQLException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.store.ObjectStore;

/** DeleteObject: by whoever may write the bucket; deleting a key that is not there is no error, as in S3. */
public final class DeleteObject implements S3Operation {
  private final Access access;
  private final ObjectStore objects;

  public DeleteObject(Access access, ObjectStore objects) {
    this.access = access;
    this.objects = objects;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException, IOException {
    access.forObject(req);
    objects.delete(req.bucket(), req.key());
    return S3Responses.empty(HttpResponseStatus.NO_CONTENT);
  }
}
