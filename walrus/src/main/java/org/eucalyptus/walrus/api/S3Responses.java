package org.eucalyptus.walrus.api;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.eucalyptus.common.http.StreamingResponse;

/** What S3's answers share: the namespace of its documents, its two date forms, and bodiless answers. */
public final class S3Responses {
  public static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
  public static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private S3Responses() {}

  /** A time in S3's documents: ISO 8601, to the millisecond. */
  public static String isoTime(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** An ETag as S3 sends it: quoted. */
  public static String etag(String md5) {
    return "\"" + md5 + "\"";
  }

  /** An answer without a body. */
  public static StreamingResponse empty(HttpResponseStatus status) {
    return StreamingResponse.of(status, new DefaultHttpHeaders(), new byte[0]);
  }

  /** An answer without a body, with headers. */
  public static StreamingResponse empty(HttpResponseStatus status, HttpHeaders headers) {
    return StreamingResponse.of(status, headers, new byte[0]);
  }

  /** The answer to a HEAD: the headers a GET would have, its Content-Length among them. */
  public static StreamingResponse headWithLength(HttpResponseStatus status, HttpHeaders h, long length) {
    return new StreamingResponse(status, h, new byte[0], null, 0, length);
  }
}
