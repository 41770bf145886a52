package org.eucalyptus.common.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A response with a body from memory or from a region of a file (sent without copying it through
 * the JVM).
 */
public record StreamingResponse(HttpResponseStatus status, HttpHeaders headers, byte[] body, Path file,
    long offset, long length) {

  public static StreamingResponse of(HttpResponseStatus status, HttpHeaders headers, byte[] body) {
    return new StreamingResponse(status, headers, body, null, 0, body.length);
  }

  public static StreamingResponse xml(HttpResponseStatus status, String xml) {
    HttpHeaders h = new DefaultHttpHeaders().set("Content-Type", "application/xml");
    return of(status, h, xml.getBytes(StandardCharsets.UTF_8));
  }

  public static StreamingResponse file(HttpResponseStatus status, HttpHeaders headers, Path file, long offset,
      long length) {
    return new StreamingResponse(status, headers, null, file, offset, length);
  }

  /** A response without a body whose Content-Length still says how long the body would be (HEAD). */
  public static StreamingResponse head(HttpResponseStatus status, HttpHeaders headers) {
    return new StreamingResponse(status, headers, new byte[0], null, 0, -1);
  }
}
