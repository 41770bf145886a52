package org.eucalyptus.walrus.api;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.auth.AuthException;
import org.eucalyptus.common.auth.AwsChunkedInputStream;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.http.Responses;
import org.eucalyptus.common.http.ServerRefusal;
import org.eucalyptus.common.http.StreamingRequest;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.common.xml.InvalidXmlCharacterException;
import org.eucalyptus.common.xml.XmlChars;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.walrus.images.DecryptedImages;
import org.eucalyptus.walrus.store.DataFiles;
import org.eucalyptus.walrus.store.MultipartStore;
import org.eucalyptus.walrus.store.QuotaExceededException;

/**
 * The one place where failures become S3's error document: S3's own refusals ({@link S3Exception}),
 * the stores' refusals (a body that does not match its digest, a completion naming the wrong parts,
 * an image that cannot be served, a value the database refuses), a full disk, and anything else,
 * which is an InternalError; and the HTTP server's own refusals. The errors operations throw
 * often are made here too.
 */
public final class S3Errors {
  private static final Logger LOG = LogManager.getLogger(S3Errors.class);

  private S3Errors() {}

  public static S3Exception noSuchBucket() {
    return new S3Exception("NoSuchBucket", "The specified bucket does not exist", HttpResponseStatus.NOT_FOUND);
  }

  public static S3Exception noSuchKey() {
    return new S3Exception("NoSuchKey", "The specified key does not exist.", HttpResponseStatus.NOT_FOUND);
  }

  public static S3Exception denied() {
    return new S3Exception("AccessDenied", "Access Denied", HttpResponseStatus.FORBIDDEN);
  }

  public static S3Exception notImplemented() {
    return new S3Exception("NotImplemented", "Walrus does not implement this operation yet.",
        HttpResponseStatus.NOT_IMPLEMENTED);
  }

  public static S3Exception methodNotAllowed() {
    return new S3Exception("MethodNotAllowed", "The specified method is not allowed against this resource.",
        HttpResponseStatus.METHOD_NOT_ALLOWED);
  }

  public static S3Exception malformedXml() {
    return new S3Exception("MalformedXML", "The XML you provided was not well-formed or did not validate against our"
        + " published schema.", HttpResponseStatus.BAD_REQUEST);
  }

  public static S3Exception invalidArgument(String message) {
    return new S3Exception("InvalidArgument", message, HttpResponseStatus.BAD_REQUEST);
  }

  /** A signature check that failed, as S3 words it; {@code withHeader}: the request had an Authorization header. */
  static S3Exception of(AuthException e, boolean withHeader) {
    return switch (e.reason()) {
      case UNKNOWN_KEY -> new S3Exception("InvalidAccessKeyId",
          "The AWS Access Key Id you provided does not exist in our records.", HttpResponseStatus.FORBIDDEN);
      case BAD_SIGNATURE -> new S3Exception("SignatureDoesNotMatch", e.getMessage(), HttpResponseStatus.FORBIDDEN);
      case EXPIRED -> new S3Exception("RequestTimeTooSkewed", e.getMessage(), HttpResponseStatus.FORBIDDEN);
      case URL_EXPIRED -> new S3Exception("AccessDenied", "Request has expired", HttpResponseStatus.FORBIDDEN);
      default -> new S3Exception(withHeader ? "AuthorizationHeaderMalformed" : "AuthorizationQueryParametersError",
          e.getMessage(), HttpResponseStatus.BAD_REQUEST);
    };
  }

  /** S3's answer to a request that failed with {@code e}, noted in the access log (and logged, if not the client's doing). */
  static StreamingResponse answer(Exception e, StreamingRequest http, String resource, String requestId) {
    S3Exception refused = refusal(e);
    if (refused != null) {
      http.access().errorCode(refused.code());
      return error(refused.status(), refused.code(), refused.getMessage(), resource, requestId);
    }
    S3Exception mapped = asFault(e);
    if (mapped != null) {
      http.access().errorCode(mapped.code());
      LOG.info("S3 request {} refused: {} {}: {}", requestId, http.method(), http.uri(), e.toString());
      return error(mapped.status(), mapped.code(), mapped.getMessage(), resource, requestId);
    }
    if (storageFull(e)) {
      http.access().errorCode("ServiceUnavailable");
      // Not the client's fault and not a bug: say so, as a 503 the SDKs retry with back-off.
      LOG.warn("S3 request {} refused: {} {}: the storage is full", requestId, http.method(), http.uri());
      return error(HttpResponseStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable",
          "Walrus's storage is full (no space left on device); nothing was stored.", resource, requestId);
    }
    LOG.error("S3 request {} failed: {} {}", requestId, http.method(), http.rawPath(), e);
    http.access().errorCode("InternalError");
    return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "InternalError",
        "We encountered an internal error. Please try again.", resource, requestId);
  }

  /** S3's own refusals, and the stores' refusals of what a request sent, as S3 names them; null for anything else. */
  private static S3Exception refusal(Exception e) {
    if (e instanceof S3Exception s3) {
      return s3;
    }
    if (e instanceof DataFiles.BadDigestException bad) {
      return new S3Exception(bad.code(), bad.getMessage(), HttpResponseStatus.BAD_REQUEST);
    }
    if (e instanceof QuotaExceededException quota) {
      // TooManyBuckets and EntityTooLarge are S3's (400); QuotaExceeded, an object past its bucket's number,
      // is what Ceph's S3 API says for a quota, with its 403.
      return new S3Exception(quota.code(), quota.getMessage(),
          quota.code().equals(QuotaExceededException.QUOTA_EXCEEDED) ? HttpResponseStatus.FORBIDDEN
              : HttpResponseStatus.BAD_REQUEST);
    }
    if (e instanceof MultipartStore.MultipartException bad) {
      return new S3Exception(bad.code(), bad.getMessage(), HttpResponseStatus.BAD_REQUEST);
    }
    if (e instanceof AwsChunkedInputStream.BadChunkException bad) {
      // Read while the body is stored: a chunk whose signature or trailing checksum does not hold.
      return bad.getMessage().contains("signature")
          ? new S3Exception("SignatureDoesNotMatch", bad.getMessage(), HttpResponseStatus.FORBIDDEN)
          : new S3Exception("BadDigest", bad.getMessage(), HttpResponseStatus.BAD_REQUEST);
    }
    if (e instanceof DecryptedImages.UnservableImageException bad) {
      return bad.notFound() ? new S3Exception("NoSuchKey", bad.getMessage(), HttpResponseStatus.NOT_FOUND)
          : new S3Exception("InvalidManifest", bad.getMessage(), HttpResponseStatus.BAD_REQUEST);
    }
    return null;
  }

  /**
   * A failure that is the request's fault although no check caught it: a value the database
   * refused (SQL states 22: too long or malformed; 23: a constraint), InvalidArgument; and an
   * answer the XML writer refused (a character XML cannot carry, stored before the door refused
   * them), a clear InternalError instead of a broken document. Null for anything else.
   */
  private static S3Exception asFault(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
        return new S3Exception("InvalidArgument", "A value in the request is too long or not valid where it is kept.",
            HttpResponseStatus.BAD_REQUEST);
      }
      if (t instanceof InvalidXmlCharacterException) {
        return new S3Exception("InternalError", "The answer would hold a character XML cannot carry, stored before"
            + " such input was refused (" + t.getMessage() + ").", HttpResponseStatus.INTERNAL_SERVER_ERROR);
      }
    }
    return null;
  }

  /** Whether a failure is the storage's file system being full (ENOSPC, as the JDK words it). */
  private static boolean storageFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains("No space left on device")) {
        return true;
      }
    }
    return false;
  }

  private static StreamingResponse error(HttpResponseStatus status, String code, String message, String resource,
      String requestId) {
    // The message and resource quote the request: only what XML can carry goes into the document.
    String xml = new XmlWriter().start("Error").element("Code", code)
        .element("Message", XmlChars.printable(message, 2048))
        .element("Resource", XmlChars.printable(resource, 2048))
        .element("RequestId", requestId).toString();
    StreamingResponse r = StreamingResponse.xml(status, xml);
    r.headers().set("x-amz-request-id", requestId);
    return r;
  }

  /** S3's 503, for a request the server cannot take now (too many connections, no worker free). */
  static FullHttpResponse busy() {
    return serverError(HttpResponseStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable",
        "Walrus is too busy to take the request; please retry.");
  }

  /** The HTTP server's own answers to a request for S3, as S3's error document. */
  static FullHttpResponse refusal(ServerRefusal why) {
    return switch (why) {
      case BUSY -> busy();
      case REQUEST_LINE_TOO_LONG -> serverError(HttpResponseStatus.REQUEST_URI_TOO_LONG, "InvalidURI",
          "Couldn't parse the specified URI: the request line is longer than " + HttpServer.MAX_REQUEST_LINE
              + " bytes.");
      case HEADERS_TOO_LARGE -> serverError(HttpResponseStatus.BAD_REQUEST, "RequestHeaderSectionTooLarge",
          "Your request header section exceeds the maximum allowed size (" + HttpServer.MAX_HEADER_SECTION
              + " bytes).");
    };
  }

  private static FullHttpResponse serverError(HttpResponseStatus status, String code, String message) {
    String xml = new XmlWriter().start("Error").element("Code", code).element("Message", message).toString();
    return Responses.of(status, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
  }
}
