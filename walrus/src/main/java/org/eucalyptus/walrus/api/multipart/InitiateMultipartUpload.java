package org.eucalyptus.walrus.api.multipart;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.sql.SQLException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.api.objects.ObjectMetadata;
import org.eucalyptus.walrus.store.MultipartStore;

/** InitiateMultipartUpload (POST of an object's {@code ?uploads}): a new upload, with the object's type and metadata. */
public final class InitiateMultipartUpload implements S3Operation {
  private final Access access;
  private final MultipartStore multipart;

  public InitiateMultipartUpload(Access access, MultipartStore multipart) {
    this.access = access;
    this.multipart = multipart;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    access.forObject(req);
    MultipartStore.Upload u = multipart.initiate(req.bucket(), req.key(), req.writer(), req.header("Content-Type"),
        ObjectMetadata.of(req));
    return StreamingResponse.xml(HttpResponseStatus.OK, new XmlWriter()
        .root("InitiateMultipartUploadResult", S3Responses.NS)
        .element("Bucket", u.bucket()).element("Key", u.key()).element("UploadId", u.uploadId()).toString());
  }
}
