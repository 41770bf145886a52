package org.eucalyptus.walrus.api.buckets;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.sql.SQLException;
import java.util.Set;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.walrus.api.S3Door;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Quotas;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.acl.RequestedAcl;
import org.eucalyptus.walrus.store.Acl;
import org.eucalyptus.walrus.store.BucketStore;

/**
 * CreateBucket: a valid name, a location this Walrus serves (or none), and a signed caller, whose
 * account owns it, within the caller's and its account's bucket-number quotas.
 */
public final class CreateBucket implements S3Operation {
  private final BucketStore buckets;
  private final Set<String> locations;

  /** @param locations the LocationConstraints accepted (besides none) */
  public CreateBucket(BucketStore buckets, Set<String> locations) {
    this.buckets = buckets;
    this.locations = Set.copyOf(locations);
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    String bucket = req.bucket();
    if (!BucketStore.validName(bucket)) {
      throw new S3Exception("InvalidBucketName", "The specified bucket is not valid.", HttpResponseStatus.BAD_REQUEST);
    }
    String location = S3Door.location(req.body(), locations);
    if (req.caller() == null) {
      throw S3Errors.denied();
    }
    String owner = req.caller().accountNumber();
    Acl acl = RequestedAcl.of(req, new byte[0], owner, owner);
    if (!buckets.create(bucket, owner, req.caller().userId(), location, acl, S3Quotas.buckets(req))) {
      boolean mine = buckets.find(bucket).map(b -> b.ownerAccount().equals(owner)).orElse(false);
      throw mine
          ? new S3Exception("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded.",
              HttpResponseStatus.CONFLICT)
          : new S3Exception("BucketAlreadyExists", "The requested bucket name is not available.",
              HttpResponseStatus.CONFLICT);
    }
    HttpHeaders h = new DefaultHttpHeaders().set("Location", "/" + bucket);
    return StreamingResponse.of(HttpResponseStatus.OK, h, new byte[0]);
  }
}
