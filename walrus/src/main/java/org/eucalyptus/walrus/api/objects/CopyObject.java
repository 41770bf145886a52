package org.eucalyptus.walrus.api.objects;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.sql.SQLException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Quotas;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.api.acl.RequestedAcl;
import org.eucalyptus.walrus.store.BucketStore;
import org.eucalyptus.walrus.store.ObjectStore;

/** CopyObject: x-amz-copy-source (bucket/key), with x-amz-metadata-directive COPY (default) or REPLACE. */
public final class CopyObject implements S3Operation {
  private final Access access;
  private final ObjectStore objects;
  private final CopySource sources;

  public CopyObject(Access access, ObjectStore objects, CopySource sources) {
    this.access = access;
    this.objects = objects;
    this.sources = sources;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException, IOException {
    BucketStore.Bucket bucket = access.forObject(req);
    ObjectStore.StoredObject source = sources.find(req);
    String directive = req.header("x-amz-metadata-directive") == null ? "COPY" : req.header("x-amz-metadata-directive");
    boolean replace = directive.equals("REPLACE");
    if (!replace && !directive.equals("COPY")) {
      throw S3Errors.invalidArgument("x-amz-metadata-directive is COPY or REPLACE");
    }
    if (!replace && source.bucket().equals(req.bucket()) && source.key().equals(req.key())) {
      throw new S3Exception("InvalidRequest", "This copy request is illegal because it is trying to copy an object"
          + " to itself without changing the object's metadata.", HttpResponseStatus.BAD_REQUEST);
    }
    ObjectStore.StoredObject o = objects.copy(source, req.bucket(), req.key(),
        replace ? req.header("Content-Type") : source.contentType(),
        replace ? ObjectMetadata.of(req) : source.metadata(), req.writer(),
        RequestedAcl.of(req, new byte[0], req.writer(), bucket.ownerAccount()), S3Quotas.objects(req, bucket));
    String xml = new XmlWriter().root("CopyObjectResult", S3Responses.NS)
        .element("LastModified", S3Responses.isoTime(o.lastModified()))
        .element("ETag", S3Responses.etag(o.etag())).toString();
    return StreamingResponse.xml(HttpResponseStatus.OK, xml);
  }
}
