package org.eucalyptus.common.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * AWS Signature Version 4, as pure functions over the parts of a request (shared by the verifiers
 * and by our own clients).
 */
public final class SigV4 {
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  private SigV4() {}

  /**
   * The canonical URI. S3 encodes the decoded path once; every other service encodes the path as
   * sent once more (so {@code %20} becomes {@code %2520}), after removing dot segments.
   */
  public static String canonicalUri(String rawPath, boolean s3) {
    String path = rawPath.isEmpty() ? "/" : rawPath;
    if (s3) {
      return UriEncoding.encode(UriEncoding.decode(path, false), true);
    }
    return UriEncoding.encode(normalize(path), true);
  }

  private static String normalize(String path) {
    List<String> out = new ArrayList<>();
    String[] segs = path.split("/", -1);
    for (int i = 1; i < segs.length; i++) {
      String s = segs[i];
      if (s.equals(".") || (s.isEmpty() && i < segs.length - 1)) {
        continue;
      }
      if (s.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        continue;
      }
      out.add(s);
    }
    return "/" + String.join("/", out);
  }

  /** Canonical query string from decoded name/value pairs (a name may repeat). */
  public static String canonicalQuery(List<Map.Entry<String, String>> params) {
    return params.stream()
        .map(e -> new String[] {UriEncoding.encode(e.getKey()), UriEncoding.encode(e.getValue())})
        .sorted((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]))
        .map(p -> p[0] + "=" + p[1])
        .collect(Collectors.joining("&"));
  }

  /** One canonical header line's value: trimmed, inner runs of spaces collapsed. */
  public static String canonicalHeaderValue(List<String> values) {
    return values.stream().map(v -> v.strip().replaceAll(" +", " ")).collect(Collectors.joining(","));
  }

  public static String canonicalRequest(
      String method, String canonicalUri, String canonicalQuery, String canonicalHeaders,
      String signedHeaders, String payloadHash) {
    return method + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n"
        + signedHeaders + "\n" + payloadHash;
  }

  public static String scope(String date, String region, String service) {
    return date + "/" + region + "/" + service + "/aws4_request";
  }

  public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + Crypto.sha256Hex(canonicalRequest);
  }

  public static byte[] signingKey(String secret, String date, String region, String service) {
    byte[] k = Crypto.hmacSha256(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = Crypto.hmacSha256(k, region);
    k = Crypto.hmacSha256(k, service);
    return Crypto.hmacSha256(k, "aws4_request");
  }

  public static String signature(byte[] signingKey, String stringToSign) {
    return Crypto.hex(Crypto.hmacSha256(signingKey, stringToSign));
  }
}
