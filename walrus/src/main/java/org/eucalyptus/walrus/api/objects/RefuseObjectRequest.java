package org.eucalyptus.walrus.api.objects;

import java.sql.SQLException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.multipart.Uploads;
import org.eucalyptus.walrus.store.ObjectStore;

/**
 * An object request no operation takes: a method the upload or the ACL does not have, or a
 * subresource Walrus does not implement. It is refused once what it names is known to exist (its
 * bucket, its upload, its object), so a client learns first that a name is wrong.
 */
public final class RefuseObjectRequest implements S3Operation {
  private final Access access;
  private final Uploads uploads;
  private final ObjectStore objects;

  public RefuseObjectRequest(Access access, Uploads uploads, ObjectStore objects) {
    this.access = access;
    this.uploads = uploads;
    this.objects = objects;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    access.forObject(req);
    if (req.query().containsKey("uploadId")) {
      uploads.find(req);
      throw S3Errors.methodNotAllowed();
    }
    if (req.query().containsKey("acl") && objects.get(req.bucket(), req.key()).isEmpty()) {
      throw S3Errors.noSuchKey();
    }
    if (req.query().keySet().stream().anyMatch(k -> !k.startsWith("response-"))) {
      throw S3Errors.notImplemented();
    }
    throw S3Errors.methodNotAllowed();
  }
}
