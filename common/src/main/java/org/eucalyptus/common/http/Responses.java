package org.eucalyptus.common.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.eucalyptus.common.xml.Utf8Document;

/** Small factory for whole responses. */
public final class Responses {
  private Responses() {}

  public static FullHttpResponse of(HttpResponseStatus status, String contentType, byte[] body) {
    return of(status, contentType, body, body.length);
  }

  /** A response whose body is the first {@code length} bytes of {@code buffer}, sent without a copy. */
  public static FullHttpResponse of(HttpResponseStatus status, String contentType, byte[] buffer, int length) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(buffer, 0, length));
    if (contentType != null) {
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, length);
    return r;
  }

  public static FullHttpResponse xml(HttpResponseStatus status, String xml) {
    return of(status, "text/xml;charset=UTF-8", xml.getBytes(StandardCharsets.UTF_8));
  }

  /** An XML document, sent as the bytes it is held in when it was written as UTF-8. */
  public static FullHttpResponse xml(HttpResponseStatus status, CharSequence xml) {
    return xml instanceof Utf8Document d ? of(status, "text/xml;charset=UTF-8", d.buffer(), d.size())
        : xml(status, xml.toString());
  }

  public static FullHttpResponse text(HttpResponseStatus status, String text) {
    return of(status, "text/plain;charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
  }
}
