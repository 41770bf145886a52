package org.eucalyptus.walrus.api.multipart;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.sql.SQLException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.store.MultipartStore;

/** AbortMultipartUpload: the upload and its parts are forgotten. */
public final class AbortMultipartUpload implements S3Operation {
  private final Access access;
  private final Uploads uploads;
  private final MultipartStore multipart;

  public AbortMultipartUpload(Access access, Uploads uploads, MultipartStore multipart) {
    this.access = access;
    this.uploads = uploads;
    this.multipart = multipart;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException, IOException {
    access.forObject(req);
    multipart.abort(uploads.find(req));
    return S3Responses.empty(HttpResponseStatus.NO_CONTENT);
  }
}
