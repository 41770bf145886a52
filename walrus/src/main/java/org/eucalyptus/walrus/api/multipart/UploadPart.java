package org.eucalyptus.walrus.api.multipart;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.sql.SQLException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.api.objects.UploadBody;
import org.eucalyptus.walrus.store.DataFiles;
import org.eucalyptus.walrus.store.MultipartStore;

/** UploadPart: one part's body, stored as an object's is (whole or not at all), replacing a part of that number. */
public final class UploadPart implements S3Operation {
  private final Access access;
  private final Uploads uploads;
  private final MultipartStore multipart;

  public UploadPart(Access access, Uploads uploads, MultipartStore multipart) {
    this.access = access;
    this.uploads = uploads;
    this.multipart = multipart;
  }

  @Override
  public StreamingResponse handle(S3Request req)
      throws S3Exception, SQLException, IOException, DataFiles.BadDigestException {
    access.forObject(req);
    MultipartStore.Upload u = uploads.find(req);
    int n = Uploads.partNumber(req);
    UploadBody body = UploadBody.of(req);
    MultipartStore.Part p = multipart.putPart(u, n, body.in(), body.length(), req.header("Content-MD5"),
        body.sha256());
    return S3Responses.empty(HttpResponseStatus.OK, new DefaultHttpHeaders().set("ETag", S3Responses.etag(p.etag())));
  }
}
