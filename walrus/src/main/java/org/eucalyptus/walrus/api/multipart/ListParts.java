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

/** ListParts: the parts of an upload stored so far, in one page. */
public final class ListParts implements S3Operation {
  private final Access access;
  private final Uploads uploads;
  private final MultipartStore multipart;

  public ListParts(Access access, Uploads uploads, MultipartStore multipart) {
    this.access = access;
    this.uploads = uploads;
    this.multipart = multipart;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    access.forObject(req);
    MultipartStore.Upload u = uploads.find(req);
    XmlWriter x = new XmlWriter().root("ListPartsResult", S3Responses.NS).element("Bucket", u.bucket())
        .element("Key", u.key()).element("UploadId", u.uploadId()).element("IsTruncated", "false");
    for (MultipartStore.Part p : multipart.parts(u.uploadId())) {
      x.start("Part").element("PartNumber", p.number()).element("LastModified", S3Responses.isoTime(p.lastModified()))
          .element("ETag", S3Responses.etag(p.etag())).element("Size", p.size()).end();
    }
    return StreamingResponse.xml(HttpResponseStatus.OK, x.toString());
  }
}
