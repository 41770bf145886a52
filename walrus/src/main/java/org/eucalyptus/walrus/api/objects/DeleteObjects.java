package org.eucalyptus.walrus.api.objects;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.common.xml.XmlDocuments;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.store.Acl;
import org.eucalyptus.walrus.store.ObjectStore;

/**
 * DeleteObjects (POST of a bucket's {@code ?delete}): each key of the Delete document the caller's
 * policies let it delete (s3:DeleteObject on that key), with a result per key.
 */
public final class DeleteObjects implements S3Operation {
  private final Access access;
  private final ObjectStore objects;

  public DeleteObjects(Access access, ObjectStore objects) {
    this.access = access;
    this.objects = objects;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException, IOException {
    access.bucket(req, Acl.Permission.WRITE);
    List<String> keys = new ArrayList<>();
    boolean quiet;
    try {
      var d = XmlDocuments.parse(req.body());
      var list = d.getElementsByTagNameNS("*", "Key");
      for (int i = 0; i < list.getLength(); i++) {
        keys.add(list.item(i).getTextContent());
      }
      var q = d.getElementsByTagNameNS("*", "Quiet");
      quiet = q.getLength() > 0 && "true".equals(q.item(0).getTextContent().strip());
    } catch (org.xml.sax.SAXException | IOException e) {
      throw S3Errors.malformedXml();
    }
    if (keys.isEmpty() || keys.size() > 1000) {
      throw new S3Exception("MalformedXML", "A Delete names 1 to 1000 keys.", HttpResponseStatus.BAD_REQUEST);
    }
    XmlWriter x = new XmlWriter().root("DeleteResult", S3Responses.NS);
    for (String k : keys) {
      // Each key is an s3:DeleteObject of its own: one the caller's policies refuse is reported, not deleted.
      if (!req.allows("s3:DeleteObject", Arns.s3Object(req.bucket(), k))) {
        x.start("Error").element("Key", k).element("Code", "AccessDenied").element("Message", "Access Denied").end();
        continue;
      }
      objects.delete(req.bucket(), k);
      if (!quiet) {
        x.start("Deleted").element("Key", k).end();
      }
    }
    return StreamingResponse.xml(HttpResponseStatus.OK, x.toString());
  }
}
