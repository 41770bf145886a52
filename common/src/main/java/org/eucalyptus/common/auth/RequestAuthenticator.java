package org.eucalyptus.common.auth;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.common.auth.AuthException.Reason;
import org.eucalyptus.common.http.InboundRequest;

/**
 * Checks the signature on an AWS-style request: Signature V4 (Authorization header or presigned
 * query) and Signature V2 (Query APIs), against the access keys a {@link SecretKeyResolver} knows.
 * Which protocol error a failure becomes is up to the caller.
 */
public final class RequestAuthenticator {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  /** Longest validity a presigned V4 URL may ask for: seven days, as AWS allows. */
  private static final long MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

  private final SecretKeyResolver keys;
  private final Clock clock;
  private final java.util.function.Supplier<Duration> skew;

  public RequestAuthenticator(SecretKeyResolver keys, Clock clock, Duration allowedSkew) {
    this(keys, clock, () -> allowedSkew);
  }

  /** @param skew how far a request's time may be from ours; read per request, so it can change */
  public RequestAuthenticator(SecretKeyResolver keys, Clock clock, java.util.function.Supplier<Duration> skew) {
    this.keys = keys;
    this.clock = clock;
    this.skew = skew;
  }

  /**
   * @param queryParams the decoded query-string parameters, in order (they are signed as the query)
   * @param allParams query and form parameters together (V2 signs them all)
   * @param s3 whether S3's canonicalisation rules apply
   */
  public AccessKeyOwner authenticate(
      InboundRequest req, List<Map.Entry<String, String>> queryParams, Map<String, String> allParams, boolean s3)
      throws AuthException {
    return authenticate(req, queryParams, allParams, s3, false);
  }

  /**
   * @param bodyCheckedLater the body is still streaming in: trust the declared
   *     {@code x-amz-content-sha256} here, and let the caller compare it with the body as it reads it
   */
  public AccessKeyOwner authenticate(InboundRequest req, List<Map.Entry<String, String>> queryParams,
      Map<String, String> allParams, boolean s3, boolean bodyCheckedLater) throws AuthException {
    return dispatch(req, queryParams, allParams, s3, bodyCheckedLater, null, List.of(req.rawPath()));
  }

  /**
   * As above, for S3 requests whose Signature V2 resource is not (only) their path: a
   * virtual-hosted request ({@code bucket.host/key}) signs {@code /bucket/key}, and under a service
   * path clients differ on whether the path's prefix is part of the resource.
   *
   * @param v2Resources the resources a Signature V2 may cover; it is accepted over any one of them
   */
  public AccessKeyOwner authenticateS3(InboundRequest req, List<Map.Entry<String, String>> queryParams,
      Map<String, String> allParams, boolean bodyCheckedLater, List<String> v2Resources,
      java.util.function.Consumer<V4Signing> signing) throws AuthException {
    return dispatch(req, queryParams, allParams, true, bodyCheckedLater, signing, List.copyOf(v2Resources));
  }

  /**
   * What a Signature V4 request was signed with: enough to check the signatures of the chunks of an
   * {@code aws-chunked} body, each of which chains on the one before.
   */
  public record V4Signing(byte[] signingKey, String amzDate, String scope, String seedSignature) {}

  /** Authenticates like {@code authenticate(..., true)} and tells how a V4 request was signed (null otherwise). */
  public AccessKeyOwner authenticateStreaming(InboundRequest req, List<Map.Entry<String, String>> queryParams,
      Map<String, String> allParams, java.util.function.Consumer<V4Signing> signing) throws AuthException {
    return dispatch(req, queryParams, allParams, true, true, signing, List.of(req.rawPath()));
  }

  private AccessKeyOwner dispatch(InboundRequest req, List<Map.Entry<String, String>> queryParams,
      Map<String, String> allParams, boolean s3, boolean later, java.util.function.Consumer<V4Signing> signing,
      List<String> v2Resources) throws AuthException {
    AccessKeyOwner owner = verify(req, queryParams, allParams, s3, later, signing, v2Resources);
    req.access().principal(owner.accessKeyId()); // the key's id only: never its secret or the signature
    return owner;
  }

  private AccessKeyOwner verify(InboundRequest req, List<Map.Entry<String, String>> queryParams,
      Map<String, String> allParams, boolean s3, boolean later, java.util.function.Consumer<V4Signing> signing,
      List<String> v2Resources) throws AuthException {
    String authz = req.headers().get("Authorization");
    if (authz != null && authz.startsWith(SigV4.ALGORITHM)) {
      return verifyV4Header(req, authz, queryParams, s3, later, signing);
    }
    if (SigV4.ALGORITHM.equals(first(queryParams, "X-Amz-Algorithm"))) {
      return verifyV4Presigned(req, queryParams, s3, later);
    }
    if (s3 && authz != null && authz.startsWith("AWS ")) {
      return verifyS3V2Header(req, authz, v2Resources);
    }
    if (s3 && authz == null && (allParams.containsKey("Signature") || allParams.containsKey("AWSAccessKeyId"))) {
      return verifyS3V2Query(req, allParams, v2Resources);
    }
    if (allParams.containsKey("Signature") && allParams.containsKey("AWSAccessKeyId")) {
      return verifyV2(req, allParams);
    }
    if (authz != null) {
      throw new AuthException(Reason.MALFORMED, "Unsupported Authorization scheme");
    }
    throw new AuthException(Reason.MISSING, "The request must be signed (Signature Version 4 or 2)");
  }

  private AccessKeyOwner verifyV4Header(InboundRequest req, String authz,
      List<Map.Entry<String, String>> queryParams, boolean s3, boolean later,
      java.util.function.Consumer<V4Signing> signing) throws AuthException {
    Map<String, String> parts = new HashMap<>();
    for (String p : authz.substring(SigV4.ALGORITHM.length()).split(",")) {
      int eq = p.indexOf('=');
      if (eq > 0) {
        parts.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
      }
    }
    String credential = require(parts.get("Credential"), "Credential");
    String signedHeaders = require(parts.get("SignedHeaders"), "SignedHeaders");
    String signature = require(parts.get("Signature"), "Signature");
    String amzDate = req.headers().get("X-Amz-Date");
    if (amzDate == null) {
      throw new AuthException(Reason.MALFORMED, "Signature Version 4 requires an X-Amz-Date header");
    }
    Instant when = parseAmzDate(amzDate);
    checkSkew(when);
    String payloadHash = payloadHash(req, s3, false, later);
    String canonicalQuery = SigV4.canonicalQuery(queryParams);
    return verifyV4(req, credential, amzDate, signedHeaders, signature, canonicalQuery, payloadHash, s3, signing);
  }

  private AccessKeyOwner verifyV4Presigned(InboundRequest req, List<Map.Entry<String, String>> queryParams,
      boolean s3, boolean later) throws AuthException {
    String credential = require(first(queryParams, "X-Amz-Credential"), "X-Amz-Credential");
    String amzDate = require(first(queryParams, "X-Amz-Date"), "X-Amz-Date");
    String signedHeaders = require(first(queryParams, "X-Amz-SignedHeaders"), "X-Amz-SignedHeaders");
    String signature = require(first(queryParams, "X-Amz-Signature"), "X-Amz-Signature");
    String expiresText = require(first(queryParams, "X-Amz-Expires"), "X-Amz-Expires");
    long expires;
    try {
      expires = Long.parseLong(expiresText);
    } catch (NumberFormatException e) {
      throw new AuthException(Reason.MALFORMED, "X-Amz-Expires must be a number of seconds");
    }
    if (expires < 1 || expires > MAX_PRESIGN_SECONDS) {
      throw new AuthException(Reason.MALFORMED, "X-Amz-Expires must be between 1 and 604800 seconds");
    }
    Instant signedAt = parseAmzDate(amzDate);
    Instant now = clock.instant();
    if (now.isAfter(signedAt.plusSeconds(expires))) {
      throw new AuthException(s3 ? Reason.URL_EXPIRED : Reason.EXPIRED, "Request has expired");
    }
    if (signedAt.isAfter(now.plus(skew.get()))) {
      throw new AuthException(Reason.EXPIRED, "Request is signed in the future");
    }
    List<Map.Entry<String, String>> signedQuery = new ArrayList<>();
    for (Map.Entry<String, String> e : queryParams) {
      if (!e.getKey().equals("X-Amz-Signature")) {
        signedQuery.add(e);
      }
    }
    String payloadHash = payloadHash(req, s3, true, later);
    return verifyV4(req, credential, amzDate, signedHeaders, signature, SigV4.canonicalQuery(signedQuery), payloadHash,
        s3, null);
  }

  private AccessKeyOwner verifyV4(
      InboundRequest req, String credential, String amzDate, String signedHeaders, String signature,
      String canonicalQuery, String payloadHash, boolean s3, java.util.function.Consumer<V4Signing> signing)
      throws AuthException {
    String[] cred = credential.split("/");
    if (cred.length != 5 || !cred[4].equals("aws4_request")) {
      throw new AuthException(Reason.MALFORMED, "Credential must be <key>/<date>/<region>/<service>/aws4_request");
    }
    if (!amzDate.startsWith(cred[1])) {
      throw new AuthException(Reason.MALFORMED, "Credential date does not match X-Amz-Date");
    }
    List<String> names = List.of(signedHeaders.split(";"));
    if (!names.contains("host")) {
      throw new AuthException(Reason.MALFORMED, "The host header must be signed");
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    HttpHeaders headers = req.headers();
    for (String name : names) {
      List<String> values = headers.getAll(name);
      if (values.isEmpty()) {
        throw new AuthException(Reason.MALFORMED, "Signed header '" + name + "' is missing");
      }
      canonicalHeaders.append(name.toLowerCase(Locale.ROOT)).append(':')
          .append(SigV4.canonicalHeaderValue(values)).append('\n');
    }
    AccessKeyOwner owner = keys.resolve(cred[0])
        .orElseThrow(() -> new AuthException(Reason.UNKNOWN_KEY, "The access key id does not exist or is not active"));
    String canonical = SigV4.canonicalRequest(
        req.method(), SigV4.canonicalUri(req.rawPath(), s3), canonicalQuery, canonicalHeaders.toString(),
        signedHeaders, payloadHash);
    String scope = SigV4.scope(cred[1], cred[2], cred[3]);
    byte[] key = SigV4.signingKey(owner.secretKey(), cred[1], cred[2], cred[3]);
    String expected = SigV4.signature(key, SigV4.stringToSign(amzDate, scope, canonical));
    if (!Crypto.constantTimeEquals(expected, signature)) {
      throw new AuthException(Reason.BAD_SIGNATURE,
          "The request signature we calculated does not match the signature you provided");
    }
    if (signing != null) {
      signing.accept(new V4Signing(key, amzDate, scope, signature));
    }
    return owner;
  }

  private String payloadHash(InboundRequest req, boolean s3, boolean presigned, boolean later)
      throws AuthException {
    String declared = req.headers().get("X-Amz-Content-Sha256");
    if (declared == null) {
      if (later && s3 && !presigned) {
        throw new AuthException(Reason.MALFORMED, "Signature Version 4 requests to S3 need x-amz-content-sha256");
      }
      return s3 && presigned ? SigV4.UNSIGNED_PAYLOAD : Crypto.sha256Hex(req.body());
    }
    if (declared.matches("[0-9a-fA-F]{64}") && !later) {
      String actual = Crypto.sha256Hex(req.body());
      if (!actual.equalsIgnoreCase(declared)) {
        throw new AuthException(Reason.BAD_SIGNATURE, "The provided x-amz-content-sha256 does not match the body");
      }
    }
    return declared;
  }

  private AccessKeyOwner verifyV2(InboundRequest req, Map<String, String> params) throws AuthException {
    String version = params.getOrDefault("SignatureVersion", "");
    if (!version.equals("2")) {
      throw new AuthException(Reason.MALFORMED, "SignatureVersion must be 2 or the request signed with Version 4");
    }
    String method = params.getOrDefault("SignatureMethod", "");
    if (!method.equals("HmacSHA256") && !method.equals("HmacSHA1")) {
      throw new AuthException(Reason.MALFORMED, "SignatureMethod must be HmacSHA256 or HmacSHA1");
    }
    String timestamp = params.get("Timestamp");
    String expires = params.get("Expires");
    Instant now = clock.instant();
    if (timestamp != null) {
      checkSkew(parseIso(timestamp));
    } else if (expires != null) {
      if (now.isAfter(parseIso(expires))) {
        throw new AuthException(Reason.EXPIRED, "Request has expired");
      }
    } else {
      throw new AuthException(Reason.MALFORMED, "A Timestamp or Expires parameter is required");
    }
    String host = Optional.ofNullable(req.headers().get("Host")).orElse("");
    AccessKeyOwner owner = keys.resolve(params.get("AWSAccessKeyId"))
        .orElseThrow(() -> new AuthException(Reason.UNKNOWN_KEY, "The access key id does not exist or is not active"));
    String toSign = SigV2.stringToSign(req.method(), host, req.rawPath(), params);
    String expected = SigV2.sign(owner.secretKey(), method, toSign);
    if (!Crypto.constantTimeEquals(expected, params.get("Signature"))) {
      throw new AuthException(Reason.BAD_SIGNATURE,
          "The request signature we calculated does not match the signature you provided");
    }
    return owner;
  }

  private AccessKeyOwner verifyS3V2Header(InboundRequest req, String authz, List<String> resources)
      throws AuthException {
    String cred = authz.substring(4).strip();
    int colon = cred.lastIndexOf(':');
    if (colon <= 0) {
      throw new AuthException(Reason.MALFORMED, "Authorization must be 'AWS <access key>:<signature>'");
    }
    String amzDate = req.headers().get("x-amz-date");
    String date = req.headers().get("Date");
    String when = amzDate != null ? amzDate : date;
    if (when == null) {
      throw new AuthException(Reason.MALFORMED, "A Date or x-amz-date header is required");
    }
    checkSkew(parseHttpDate(when));
    AccessKeyOwner owner = keys.resolve(cred.substring(0, colon))
        .orElseThrow(() -> new AuthException(Reason.UNKNOWN_KEY, "The access key id does not exist or is not active"));
    checkS3V2(req, owner, amzDate != null ? "" : date, resources, cred.substring(colon + 1));
    return owner;
  }

  /** A Signature V2 over any one of {@code resources} is accepted; the comparison runs for each. */
  private static void checkS3V2(InboundRequest req, AccessKeyOwner owner, String dateLine, List<String> resources,
      String signature) throws AuthException {
    Map<String, List<String>> query = new io.netty.handler.codec.http.QueryStringDecoder(req.rawQuery(),
        java.nio.charset.StandardCharsets.UTF_8, false).parameters();
    boolean matched = false;
    for (String resource : resources) {
      String toSign = S3SigV2.stringToSign(req.method(), req.headers(), dateLine, resource, query);
      matched |= Crypto.constantTimeEquals(S3SigV2.sign(owner.secretKey(), toSign), signature);
    }
    if (!matched) {
      throw new AuthException(Reason.BAD_SIGNATURE,
          "The request signature we calculated does not match the signature you provided");
    }
  }

  private AccessKeyOwner verifyS3V2Query(InboundRequest req, Map<String, String> params, List<String> resources)
      throws AuthException {
    if (!params.containsKey("Signature") || !params.containsKey("AWSAccessKeyId") || !params.containsKey("Expires")) {
      throw new AuthException(Reason.MALFORMED,
          "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
    }
    long expires;
    try {
      expires = Long.parseLong(params.get("Expires"));
    } catch (NumberFormatException e) {
      throw new AuthException(Reason.MALFORMED, "Expires must be seconds since the epoch");
    }
    if (clock.instant().getEpochSecond() > expires) {
      throw new AuthException(Reason.URL_EXPIRED, "Request has expired");
    }
    AccessKeyOwner owner = keys.resolve(params.get("AWSAccessKeyId"))
        .orElseThrow(() -> new AuthException(Reason.UNKNOWN_KEY, "The access key id does not exist or is not active"));
    checkS3V2(req, owner, params.get("Expires"), resources, params.get("Signature"));
    return owner;
  }

  private static Instant parseHttpDate(String s) throws AuthException {
    try {
      return java.time.ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.from(AMZ_DATE.parse(s));
      } catch (DateTimeParseException e2) {
        throw new AuthException(Reason.MALFORMED, "Dates look like 'Tue, 27 Mar 2007 19:36:42 +0000'");
      }
    }
  }

  private void checkSkew(Instant when) throws AuthException {
    Instant now = clock.instant();
    Duration allowedSkew = skew.get();
    if (Duration.between(when, now).abs().compareTo(allowedSkew) > 0) {
      throw new AuthException(Reason.EXPIRED, "Request timestamp " + when + " is more than "
          + allowedSkew.toSeconds() + " seconds from the server time " + now);
    }
  }

  private static Instant parseAmzDate(String s) throws AuthException {
    try {
      return Instant.from(AMZ_DATE.parse(s));
    } catch (DateTimeParseException e) {
      throw new AuthException(Reason.MALFORMED, "X-Amz-Date must look like 20150830T123600Z");
    }
  }

  static Instant parseIso(String s) throws AuthException {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(s.endsWith("Z") ? s.substring(0, s.length() - 1) : s).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        throw new AuthException(Reason.MALFORMED, "Timestamp must be ISO 8601, e.g. 2012-05-01T12:00:00Z");
      }
    }
  }

  private static String require(String v, String name) throws AuthException {
    if (v == null || v.isEmpty()) {
      throw new AuthException(Reason.MALFORMED, "Signature Version 4 requires " + name);
    }
    return v;
  }

  private static String first(List<Map.Entry<String, String>> params, String name) {
    for (Map.Entry<String, String> e : params) {
      if (e.getKey().equals(name)) {
        return e.getValue();
      }
    }
    return null;
  }
}
