package org.eucalyptus.common.auth;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * S3's Signature Version 2 ({@code Authorization: AWS key:signature}, and query-string auth with
 * Expires), as s3cmd, boto and euca2ools sign: HMAC-SHA1 over the method, Content-MD5,
 * Content-Type, date, the x-amz- headers and the resource (which path that is, is the caller's
 * choice: see RequestAuthenticator.authenticateS3) with its sub-resources.
 */
public final class S3SigV2 {
  /** Query parameters that are part of the signed resource. */
  private static final Set<String> SUB_RESOURCES = Set.of("acl", "cors", "delete", "lifecycle", "location",
      "logging", "notification", "partNumber", "policy", "requestPayment", "restore", "tagging", "torrent", "uploadId",
      "uploads", "versionId", "versioning", "versions", "website", "response-cache-control",
      "response-content-disposition", "response-content-encoding", "response-content-language",
      "response-content-type", "response-expires");

  private S3SigV2() {}

  /**
   * @param dateLine the Date header, or Expires for query-string auth ("" when x-amz-date is given)
   * @param query the decoded query parameters
   */
  public static String stringToSign(String method, HttpHeaders headers, String dateLine, String rawPath,
      Map<String, List<String>> query) {
    StringBuilder sb = new StringBuilder();
    sb.append(method).append('\n');
    sb.append(orEmpty(headers.get("Content-MD5"))).append('\n');
    sb.append(orEmpty(headers.get("Content-Type"))).append('\n');
    sb.append(dateLine).append('\n');
    TreeMap<String, String> amz = new TreeMap<>();
    for (Map.Entry<String, String> h : headers) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("x-amz-")) {
        amz.merge(name, h.getValue().strip(), (a, b) -> a + "," + b);
      }
    }
    amz.forEach((k, v) -> sb.append(k).append(':').append(v).append('\n'));
    sb.append(rawPath.isEmpty() ? "/" : rawPath);
    TreeMap<String, List<String>> subs = new TreeMap<>();
    query.forEach((k, v) -> {
      if (SUB_RESOURCES.contains(k)) {
        subs.put(k, v);
      }
    });
    char sep = '?';
    for (Map.Entry<String, List<String>> e : subs.entrySet()) {
      sb.append(sep).append(e.getKey());
      String v = e.getValue().isEmpty() ? "" : e.getValue().get(0);
      if (!v.isEmpty()) {
        sb.append('=').append(v);
      }
      sep = '&';
    }
    return sb.toString();
  }

  public static String sign(String secret, String stringToSign) {
    return Base64.getEncoder().encodeToString(
        Crypto.hmac("HmacSHA1", secret.getBytes(StandardCharsets.UTF_8), stringToSign));
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
