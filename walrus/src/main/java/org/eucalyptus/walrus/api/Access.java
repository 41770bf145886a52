package org.eucalyptus.walrus.api;

import java.sql.SQLException;
import java.util.List;
import org.eucalyptus.walrus.store.Acl;
import org.eucalyptus.walrus.store.BucketStore;

/** Who may do what to a bucket: the checks operations make of the request's bucket against its ACL. */
public final class Access {
  /** What a GET of a bucket may carry and still need only READ: the listings' parameters. */
  private static final List<String> LISTING = List.of("prefix", "list-type", "marker", "delimiter", "max-keys",
      "continuation-token", "start-after", "encoding-type", "uploads");

  private final BucketStore buckets;

  public Access(BucketStore buckets) {
    this.buckets = buckets;
  }

  /** The request's bucket, whoever asks. */
  public BucketStore.Bucket existing(S3Request req) throws S3Exception, SQLException {
    return buckets.find(req.bucket()).orElseThrow(S3Errors::noSuchBucket);
  }

  /** The request's bucket, if the caller (perhaps anonymous) holds {@code wanted} on it. */
  public BucketStore.Bucket bucket(S3Request req, Acl.Permission wanted) throws S3Exception, SQLException {
    BucketStore.Bucket b = existing(req);
    if (!b.acl().allows(req.account(), wanted)) {
      throw S3Errors.denied();
    }
    return b;
  }

  /** The request's bucket, for what only its owner may do (delete it, see its settings). */
  public BucketStore.Bucket owned(S3Request req) throws S3Exception, SQLException {
    BucketStore.Bucket b = bucket(req, Acl.Permission.FULL_CONTROL);
    if (!b.ownerAccount().equals(req.account())) {
      throw S3Errors.denied();
    }
    return b;
  }

  /**
   * The bucket a GET of a bucket names: its listings (of objects, of uploads) need READ, anything
   * else (its settings) its owner.
   */
  public BucketStore.Bucket forBucketGet(S3Request req) throws S3Exception, SQLException {
    boolean listing = req.query().isEmpty() || req.query().keySet().stream().anyMatch(LISTING::contains);
    return listing ? bucket(req, Acl.Permission.READ) : owned(req);
  }

  /**
   * The bucket of an object request, checked before anything else: what writes (a PUT of the object,
   * a DELETE, a POST, anything about a multipart upload) needs WRITE on it; what reads needs it to
   * exist, and the object's own ACL decides.
   */
  public BucketStore.Bucket forObject(S3Request req) throws S3Exception, SQLException {
    boolean writing = (req.method().equals("PUT") && !req.query().containsKey("acl"))
        || req.method().equals("DELETE") || req.method().equals("POST") || req.query().containsKey("uploadId");
    return writing ? bucket(req, Acl.Permission.WRITE) : existing(req);
  }

  /** Refuses the caller unless {@code acl} (an object's) grants it {@code wanted}. */
  public static void require(Acl acl, S3Request req, Acl.Permission wanted) throws S3Exception {
    if (!acl.allows(req.account(), wanted)) {
      throw S3Errors.denied();
    }
  }
}
