package org.eucalyptus.walrus.api.objects;

import java.sql.SQLException;
import org.eucalyptus.common.auth.UriEncoding;
import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.store.Acl;
import org.eucalyptus.walrus.store.BucketStore;
import org.eucalyptus.walrus.store.ObjectStore;

/**
 * The object x-amz-copy-source names (CopyObject, UploadPartCopy), if the caller may read it: its
 * policies allow s3:GetObject on it and its ACL grants READ.
 */
public final class CopySource {
  private final BucketStore buckets;
  private final ObjectStore objects;

  public CopySource(BucketStore buckets, ObjectStore objects) {
    this.buckets = buckets;
    this.objects = objects;
  }

  public ObjectStore.StoredObject find(S3Request req) throws S3Exception, SQLException {
    String src;
    try {
      src = UriEncoding.decode(req.header("x-amz-copy-source"), false);
    } catch (IllegalArgumentException e) {
      throw S3Errors.invalidArgument("x-amz-copy-source is not a URL-encoded bucket/key");
    }
    if (src.startsWith("/")) {
      src = src.substring(1);
    }
    int q = src.indexOf("?versionId=");
    if (q >= 0) {
      src = src.substring(0, q);
    }
    int slash = src.indexOf('/');
    if (slash <= 0 || slash == src.length() - 1) {
      throw S3Errors.invalidArgument("x-amz-copy-source must be bucket/key");
    }
    String srcBucket = src.substring(0, slash);
    if (buckets.find(srcBucket).isEmpty()) {
      throw S3Errors.noSuchBucket();
    }
    String srcKey = src.substring(slash + 1);
    // A copy reads its source: the caller's policies must allow that too (AWS's rule).
    req.require("s3:GetObject", Arns.s3Object(srcBucket, srcKey));
    ObjectStore.StoredObject source = objects.get(srcBucket, srcKey).orElseThrow(S3Errors::noSuchKey);
    Access.require(source.acl(), req, Acl.Permission.READ);
    return source;
  }
}
