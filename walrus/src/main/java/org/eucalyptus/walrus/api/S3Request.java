package org.eucalyptus.walrus.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.UriEncoding;
import org.eucalyptus.common.http.StreamingRequest;
import org.eucalyptus.common.policy.Authorization;

/**
 * One S3 request, authenticated, with its bucket and key taken from the path
 * ({@code /services/Walrus/<bucket>/<key>}); keys are decoded once, as S3 does ({@code +} stays {@code +}).
 *
 * @param caller who signed it, or null for an anonymous request
 * @param query the query less what authenticated it: what names the operation
 * @param signing what checks the signed chunks of an aws-chunked upload (Signature V4), or null
 * @param body the body already read: the XML document of a request other than an upload (an
 *     upload's body streams, from {@code http})
 * @param authorization what the caller's IAM policies allow, for this request; null for an anonymous
 *     request (which the ACLs alone decide) and a node's
 */
public record S3Request(StreamingRequest http, AccessKeyOwner caller, String bucket, String key,
    Map<String, String> query, org.eucalyptus.common.auth.RequestAuthenticator.V4Signing signing, byte[] body,
    Authorization authorization) {

  static String[] bucketAndKey(String rawPath, String servicePath) {
    String rest = rawPath.length() > servicePath.length() ? rawPath.substring(servicePath.length()) : "";
    if (rest.startsWith("/")) {
      rest = rest.substring(1);
    }
    if (rest.isEmpty()) {
      return new String[] {null, null};
    }
    int slash = rest.indexOf('/');
    String bucket = UriEncoding.decode(slash < 0 ? rest : rest.substring(0, slash), false);
    String key = slash < 0 || slash == rest.length() - 1 ? null : UriEncoding.decode(rest.substring(slash + 1), false);
    return new String[] {bucket, key};
  }

  /** The raw path after the service path: "/" or "/key...". */
  static String afterServicePath(String rawPath, String servicePath) {
    String rest = rawPath.length() > servicePath.length() ? rawPath.substring(servicePath.length()) : "";
    return rest.startsWith("/") ? rest : "/" + rest;
  }

  /** A virtual-hosted request: the bucket is given, the whole path is the key. */
  static String[] keyOf(String bucket, String rawPath, String servicePath) {
    String rest = afterServicePath(rawPath, servicePath).substring(1);
    return new String[] {bucket, rest.isEmpty() ? null : UriEncoding.decode(rest, false)};
  }

  static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = UriEncoding.decode(eq < 0 ? pair : pair.substring(0, eq), true);
      String v = eq < 0 ? "" : UriEncoding.decode(pair.substring(eq + 1), true);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  /**
   * The query less what authenticated a presigned request (Signature V2's AWSAccessKeyId, Expires
   * and Signature; Signature V4's X-Amz-* parameters): what is left names the operation.
   */
  static Map<String, String> withoutAuthentication(Map<String, String> query) {
    Map<String, String> out = new LinkedHashMap<>(query);
    out.keySet().removeIf(k -> k.equals("AWSAccessKeyId") || k.equals("Expires") || k.equals("Signature")
        || k.startsWith("X-Amz-"));
    return out;
  }

  public String method() {
    return http.method();
  }

  public String header(String name) {
    return http.header(name);
  }

  /** The caller's account, or null for an anonymous request. */
  public String account() {
    return caller == null ? null : caller.accountNumber();
  }

  /** Who a new object belongs to: the caller, or "anonymous" in a bucket open to everyone. */
  public String writer() {
    return caller == null ? "anonymous" : caller.accountNumber();
  }

  /**
   * Whether the caller's IAM policies allow {@code action} on {@code resource}: always for an
   * anonymous request (the ACLs alone decide what it may do), as Eucalyptus 3.1 did.
   */
  public boolean allows(String action, String resource) {
    return authorization == null || authorization.allows(action, resource);
  }

  /** {@link #allows}, with the operation's own condition keys (ListBucket's s3:prefix, …). */
  public boolean allows(String action, String resource, java.util.Map<String, String> keys) {
    return authorization == null || authorization.allows(action, resource, keys);
  }

  /** Refuses with S3's AccessDenied unless {@link #allows}. */
  public void require(String action, String resource) throws S3Exception {
    require(action, resource, java.util.Map.of());
  }

  /** Refuses with S3's AccessDenied unless the action is allowed with these condition keys. */
  public void require(String action, String resource, java.util.Map<String, String> keys) throws S3Exception {
    if (!allows(action, resource, keys)) {
      throw S3Errors.denied();
    }
  }
}
