package org.eucalyptus.walrus.api;

import java.util.Map;

/**
 * Which S3 operation a request names, by S3's rules: the resource (the service, a bucket, an
 * object), the method, and the subresource in the query ({@code ?acl}, {@code ?uploads},
 * {@code ?uploadId=}, …). A request no operation takes is refused here, before anything is looked
 * up, unless what it names must be found first: an object request's refusal comes after its
 * bucket's checks ({@code RefuseObjectRequest}), as it always has.
 */
final class S3Router {
  private S3Router() {}

  /** The name of the operation in the table ({@link S3Operations}). */
  static String operation(S3Request req) throws S3Exception {
    if (req.bucket() == null) {
      if (!req.method().equals("GET")) {
        throw S3Errors.methodNotAllowed();
      }
      return "ListBuckets";
    }
    return req.key() == null ? bucketOperation(req.method(), req.query())
        : objectOperation(req.method(), req.query(), req.header("x-amz-copy-source") != null);
  }

  private static String bucketOperation(String method, Map<String, String> q) throws S3Exception {
    return switch (method) {
      case "PUT" -> {
        if (q.containsKey("acl")) {
          yield "PutBucketAcl";
        }
        if (!q.isEmpty()) {
          throw S3Errors.notImplemented();
        }
        yield "CreateBucket";
      }
      case "HEAD" -> "HeadBucket";
      case "POST" -> {
        if (!q.containsKey("delete")) {
          throw S3Errors.notImplemented();
        }
        yield "DeleteObjects";
      }
      case "DELETE" -> "DeleteBucket";
      case "GET" -> {
        if (q.containsKey("acl")) {
          yield "GetBucketAcl";
        } else if (q.containsKey("versioning")) {
          yield "GetBucketVersioning";
        } else if (q.containsKey("logging")) {
          yield "GetBucketLogging";
        } else if (q.containsKey("uploads")) {
          yield "ListMultipartUploads";
        } else if (q.containsKey("location")) {
          yield "GetBucketLocation";
        }
        yield "ListObjects"; // v1 or v2; it refuses parameters it does not know
      }
      default -> throw S3Errors.methodNotAllowed();
    };
  }

  private static String objectOperation(String method, Map<String, String> q, boolean copy) {
    if (q.containsKey("uploads") && method.equals("POST")) {
      return "InitiateMultipartUpload";
    }
    if (q.containsKey("uploadId")) {
      return switch (method) {
        case "PUT" -> copy ? "UploadPartCopy" : "UploadPart";
        case "GET" -> "ListParts";
        case "DELETE" -> "AbortMultipartUpload";
        case "POST" -> "CompleteMultipartUpload";
        default -> "RefuseObjectRequest";
      };
    }
    if (q.containsKey("acl")) {
      return switch (method) {
        case "GET" -> "GetObjectAcl";
        case "PUT" -> "PutObjectAcl";
        default -> "RefuseObjectRequest";
      };
    }
    if (q.keySet().stream().anyMatch(k -> !k.startsWith("response-"))) {
      return "RefuseObjectRequest";
    }
    return switch (method) {
      case "PUT" -> copy ? "CopyObject" : "PutObject";
      case "GET" -> "GetObject";
      case "HEAD" -> "HeadObject";
      case "DELETE" -> "DeleteObject";
      default -> "RefuseObjectRequest";
    };
  }
}
