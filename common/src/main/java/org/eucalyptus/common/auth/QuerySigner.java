package org.eucalyptus.common.auth;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Signs a form-encoded Query API POST with Signature V4, for our own command-line tools.
 * Returns the headers to send with the body {@link #formBody(Map)} produces.
 */
public final class QuerySigner {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String accessKey;
  private final String secretKey;
  private final String region;
  private final String service;

  public QuerySigner(String accessKey, String secretKey, String region, String service) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
    this.service = service;
  }

  public static String formBody(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> UriEncoding.encode(e.getKey()) + "=" + UriEncoding.encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  public Map<String, String> sign(URI endpoint, String body, Instant now) {
    String amzDate = AMZ_DATE.format(now);
    String date = amzDate.substring(0, 8);
    String host = endpoint.getPort() > 0 ? endpoint.getHost() + ":" + endpoint.getPort() : endpoint.getHost();
    String contentType = "application/x-www-form-urlencoded; charset=utf-8";
    String canonicalHeaders = "content-type:" + contentType + "\nhost:" + host + "\nx-amz-date:" + amzDate + "\n";
    String signedHeaders = "content-type;host;x-amz-date";
    List<Map.Entry<String, String>> noQuery = new ArrayList<>();
    String canonical = SigV4.canonicalRequest(
        "POST", SigV4.canonicalUri(endpoint.getRawPath(), false), SigV4.canonicalQuery(noQuery),
        canonicalHeaders, signedHeaders, Crypto.sha256Hex(body));
    String scope = SigV4.scope(date, region, service);
    String signature = SigV4.signature(
        SigV4.signingKey(secretKey, date, region, service), SigV4.stringToSign(amzDate, scope, canonical));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    headers.put("X-Amz-Date", amzDate);
    headers.put("Authorization", SigV4.ALGORITHM + " Credential=" + accessKey + "/" + scope
        + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
    return headers;
  }
}
