package org.eucalyptus.walrus.api.objects;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Quotas;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.api.acl.RequestedAcl;
import org.eucalyptus.walrus.store.BucketStore;
import org.eucalyptus.walrus.store.DataFiles;
import org.eucalyptus.walrus.store.ObjectStore;

/** PutObject: the body streams to a data file, checked against its length and digests, then becomes the object. */
public final class PutObject implements S3Operation {
  private final Access access;
  private final ObjectStore objects;

  public PutObject(Access access, ObjectStore objects) {
    this.access = access;
    this.objects = objects;
  }

  @Override
  public StreamingResponse handle(S3Request req)
      throws S3Exception, SQLException, IOException, DataFiles.BadDigestException {
    BucketStore.Bucket bucket = access.forObject(req);
    UploadBody body = UploadBody.of(req);
    Map<String, String> meta = ObjectMetadata.of(req);
    ObjectStore.StoredObject o = objects.put(req.bucket(), req.key(), body.in(), body.length(),
        req.header("Content-MD5"), body.sha256(), req.header("Content-Type"), meta, req.writer(),
        RequestedAcl.of(req, new byte[0], req.writer(), bucket.ownerAccount()), S3Quotas.objects(req, bucket));
    return S3Responses.empty(HttpResponseStatus.OK, new DefaultHttpHeaders().set("ETag", S3Responses.etag(o.etag())));
  }
}
