package org.eucalyptus.walrus.api.multipart;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.common.xml.XmlDocuments;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Quotas;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.store.MultipartStore;
import org.eucalyptus.walrus.store.ObjectStore;

/** CompleteMultipartUpload: the parts the document names, joined into the object. */
public final class CompleteMultipartUpload implements S3Operation {
  private final Access access;
  private final Uploads uploads;
  private final MultipartStore multipart;
  private final String servicePath;

  /** @param servicePath where the API is mounted, for the object's Location */
  public CompleteMultipartUpload(Access access, Uploads uploads, MultipartStore multipart, String servicePath) {
    this.access = access;
    this.uploads = uploads;
    this.multipart = multipart;
    this.servicePath = servicePath;
  }

  @Override
  public StreamingResponse handle(S3Request req)
      throws S3Exception, SQLException, IOException, MultipartStore.MultipartException {
    org.eucalyptus.walrus.store.BucketStore.Bucket bucket = access.forObject(req);
    MultipartStore.Upload u = uploads.find(req);
    List<Integer> numbers = new ArrayList<>();
    List<String> etags = new ArrayList<>();
    parse(req.body(), numbers, etags);
    ObjectStore.StoredObject o = multipart.complete(u, numbers, etags, S3Quotas.objects(req, bucket));
    return StreamingResponse.xml(HttpResponseStatus.OK, new XmlWriter()
        .root("CompleteMultipartUploadResult", S3Responses.NS)
        .element("Location", servicePath + "/" + o.bucket() + "/" + o.key()).element("Bucket", o.bucket())
        .element("Key", o.key()).element("ETag", S3Responses.etag(o.etag())).toString());
  }

  private static void parse(byte[] body, List<Integer> numbers, List<String> etags) throws S3Exception {
    try {
      var parts = XmlDocuments.parse(body).getElementsByTagNameNS("*", "Part");
      for (int i = 0; i < parts.getLength(); i++) {
        var p = (org.w3c.dom.Element) parts.item(i);
        numbers.add(Integer.parseInt(p.getElementsByTagNameNS("*", "PartNumber").item(0).getTextContent().strip()));
        etags.add(p.getElementsByTagNameNS("*", "ETag").item(0).getTextContent());
      }
    } catch (Exception e) {
      throw S3Errors.malformedXml();
    }
  }
}
