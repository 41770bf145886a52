package org.eucalyptus.walrus.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eucalyptus.common.policy.Arns;

/**
 * What an S3 operation asks of the caller's IAM policies: its action as AWS names it
 * ({@code s3:GetObject}) and the resource it acts on: the service ({@code arn:aws:s3:::*}), the
 * request's bucket ({@code arn:aws:s3:::bucket}) or object ({@code arn:aws:s3:::bucket/key}). Two
 * kinds the operation checks itself: {@link Scope#EACH_KEY} (DeleteObjects, per key of its body),
 * and {@link Scope#NONE}, for what no user's policy governs ({@code why} says why).
 */
public record S3Permission(String action, Scope scope, String why) {
  /** What the action is on. */
  public enum Scope { SERVICE, BUCKET, OBJECT, EACH_KEY, NONE }

  /** ListAllMyBuckets' resource: every bucket (a policy's {@code *} or {@code arn:aws:s3:::*} matches it). */
  static final String ALL_BUCKETS = "arn:aws:s3:::*";

  static S3Permission service(String action) {
    return new S3Permission(action, Scope.SERVICE, null);
  }

  static S3Permission bucket(String action) {
    return new S3Permission(action, Scope.BUCKET, null);
  }

  static S3Permission object(String action) {
    return new S3Permission(action, Scope.OBJECT, null);
  }

  /** An action the operation checks on each object its request's body names. */
  static S3Permission eachKey(String action) {
    return new S3Permission(action, Scope.EACH_KEY, null);
  }

  /** No IAM action, for the reason given. */
  static S3Permission none(String why) {
    return new S3Permission(null, Scope.NONE, why);
  }

  /** The ARN the request's action is on; null where the operation checks (or nothing is checked). */
  String resource(S3Request req) {
    return switch (scope) {
      case SERVICE -> ALL_BUCKETS;
      case BUCKET -> Arns.s3Bucket(req.bucket());
      case OBJECT -> Arns.s3Object(req.bucket(), req.key());
      case EACH_KEY, NONE -> null;
    };
  }

  /**
   * The S3 condition keys the request gives its policies: ListBucket's {@code s3:prefix},
   * {@code s3:delimiter} and {@code s3:max-keys}, as sent (none where the request sends none).
   */
  Map<String, String> conditionKeys(S3Request req) {
    Map<String, String> keys = new LinkedHashMap<>();
    if ("s3:ListBucket".equals(action)) {
      for (String k : new String[] {"prefix", "delimiter", "max-keys"}) {
        String v = req.query().get(k);
        if (v != null) {
          keys.put("s3:" + k, v);
        }
      }
    }
    return keys;
  }

  /** Refuses the request, as S3's AccessDenied, unless the caller's policies allow the action. */
  void check(S3Request req) throws S3Exception {
    String resource = resource(req);
    if (resource != null) {
      // ListBucket's s3:prefix, s3:delimiter and s3:max-keys, for policies that test them.
      req.require(action, resource, conditionKeys(req));
    }
  }
}
