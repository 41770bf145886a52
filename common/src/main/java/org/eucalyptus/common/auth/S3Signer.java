package org.eucalyptus.common.auth;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs an S3 request with Signature V4 for our own clients (the bundle tools, the CLC reading a
 * manifest from Walrus). Returns the headers to add; the HTTP client supplies {@code Host} from the
 * URI, which is what is signed.
 */
public final class S3Signer {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  public static final String EMPTY_SHA256 = Crypto.sha256Hex(new byte[0]);

  private final String accessKey;
  private final String secretKey;
  private final String region;

  public S3Signer(String accessKey, String secretKey, String region) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
  }

  /**
   * @param extra headers to send and sign as well (e.g. x-amz-acl, content-type)
   * @param payloadSha256 hex SHA-256 of the body, or {@link SigV4#UNSIGNED_PAYLOAD}
   */
  public Map<String, String> sign(String method, URI uri, Map<String, String> extra, String payloadSha256,
      Instant now) {
    String amzDate = AMZ_DATE.format(now);
    String date = amzDate.substring(0, 8);
    String host = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    TreeMap<String, String> signed = new TreeMap<>();
    extra.forEach((k, v) -> signed.put(k.toLowerCase(java.util.Locale.ROOT), v));
    signed.put("host", host);
    signed.put("x-amz-content-sha256", payloadSha256);
    signed.put("x-amz-date", amzDate);
    StringBuilder canonicalHeaders = new StringBuilder();
    signed.forEach((k, v) -> canonicalHeaders.append(k).append(':')
        .append(SigV4.canonicalHeaderValue(List.of(v))).append('\n'));
    String signedHeaders = String.join(";", signed.keySet());
    List<Map.Entry<String, String>> query = new ArrayList<>();
    String raw = uri.getRawQuery();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        query.add(new AbstractMap.SimpleImmutableEntry<>(
            UriEncoding.decode(eq < 0 ? pair : pair.substring(0, eq), true),
            eq < 0 ? "" : UriEncoding.decode(pair.substring(eq + 1), true)));
      }
    }
    String canonical = SigV4.canonicalRequest(method, SigV4.canonicalUri(uri.getRawPath(), true),
        SigV4.canonicalQuery(query), canonicalHeaders.toString(), signedHeaders, payloadSha256);
    String scope = SigV4.scope(date, region, "s3");
    String signature = SigV4.signature(SigV4.signingKey(secretKey, date, region, "s3"),
        SigV4.stringToSign(amzDate, scope, canonical));
    Map<String, String> headers = new LinkedHashMap<>(extra);
    headers.put("x-amz-content-sha256", payloadSha256);
    headers.put("x-amz-date", amzDate);
    headers.put("Authorization", SigV4.ALGORITHM + " Credential=" + accessKey + "/" + scope
        + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
    return headers;
  }

  /**
   * A presigned URL (Signature V4 in the query, only {@code host} signed, the body unsigned) for
   * {@code method} on {@code uri} (which has no query), valid for {@code expires}: what a browser is
   * given to upload or download an object itself.
   */
  public URI presign(String method, URI uri, java.time.Duration expires, Instant now) {
    String amzDate = AMZ_DATE.format(now);
    String date = amzDate.substring(0, 8);
    String host = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    String scope = SigV4.scope(date, region, "s3");
    List<Map.Entry<String, String>> query = new ArrayList<>();
    query.add(Map.entry("X-Amz-Algorithm", SigV4.ALGORITHM));
    query.add(Map.entry("X-Amz-Credential", accessKey + "/" + scope));
    query.add(Map.entry("X-Amz-Date", amzDate));
    query.add(Map.entry("X-Amz-Expires", Long.toString(expires.toSeconds())));
    query.add(Map.entry("X-Amz-SignedHeaders", "host"));
    String canonicalQuery = SigV4.canonicalQuery(query);
    String canonical = SigV4.canonicalRequest(method, SigV4.canonicalUri(uri.getRawPath(), true), canonicalQuery,
        "host:" + SigV4.canonicalHeaderValue(List.of(host)) + "\n", "host", SigV4.UNSIGNED_PAYLOAD);
    String signature = SigV4.signature(SigV4.signingKey(secretKey, date, region, "s3"),
        SigV4.stringToSign(amzDate, scope, canonical));
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?" + canonicalQuery
        + "&X-Amz-Signature=" + signature);
  }
}
