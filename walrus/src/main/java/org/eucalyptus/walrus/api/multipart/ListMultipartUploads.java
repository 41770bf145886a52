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
import org.eucalyptus.walrus.store.MultipartStore;

/** ListMultipartUploads (GET of a bucket's {@code ?uploads}): the uploads under way in the bucket, in one page. */
public final class ListMultipartUploads implements S3Operation {
  private final Access access;
  private final MultipartStore multipart;

  public ListMultipartUploads(Access access, MultipartStore multipart) {
    this.access = access;
    this.multipart = multipart;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    access.forBucketGet(req);
    XmlWriter x = new XmlWriter().root("ListMultipartUploadsResult", S3Responses.NS).element("Bucket", req.bucket())
        .element("IsTruncated", "false");
    for (MultipartStore.Upload u : multipart.uploads(req.bucket())) {
      x.start("Upload").element("Key", u.key()).element("UploadId", u.uploadId())
          .element("Initiated", S3Responses.isoTime(u.initiated())).end();
    }
    return StreamingResponse.xml(HttpResponseStatus.OK, x.toString());
  }
}
