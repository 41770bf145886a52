package org.eucalyptus.common.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** The answers the HTTP server gives of itself ({@link ServerRefusal}s), in a route's words or plain. */
final class ServerAnswers {
  /** A plain 503's text (ASCII). */
  static final String PLAIN_BUSY = "Server busy; please retry\n";

  private ServerAnswers() {}

  static FullHttpResponse closing(FullHttpResponse r) {
    r.headers().set(HttpHeaderNames.CONNECTION, "close");
    return r;
  }

  /**
   * The server's own answer {@code why} to a request for {@code route} (null: none known), in the
   * route's words if it has them, else plain; always closing the connection. The one place these are made.
   */
  static FullHttpResponse refusal(HttpServer.Route route, ServerRefusal why) {
    return refusal(route, why, false);
  }

  /** As {@link #refusal(HttpServer.Route, ServerRefusal)}, in SOAP's words for a request that {@code soap}. */
  static FullHttpResponse refusal(HttpServer.Route route, ServerRefusal why, boolean soap) {
    var words = route == null ? null : soap && route.soapRefusals() != null ? route.soapRefusals() : route.refusals();
    FullHttpResponse r = words != null ? words.apply(why) : null;
    if (r == null) {
      r = switch (why) {
        case BUSY -> Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, PLAIN_BUSY);
        case REQUEST_LINE_TOO_LONG -> Responses.text(HttpResponseStatus.REQUEST_URI_TOO_LONG,
            "The request line is longer than " + HttpServer.MAX_REQUEST_LINE + " bytes\n");
        case HEADERS_TOO_LARGE -> Responses.text(HttpResponseStatus.BAD_REQUEST,
            "The request headers are larger than " + HttpServer.MAX_HEADER_SECTION + " bytes\n");
      };
    }
    if (why == ServerRefusal.BUSY) {
      r.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
    }
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    return closing(r);
  }

  /** Whether a request whose first bytes are {@code start} carries a SOAPAction header (speaks SOAP 1.1). */
  static boolean speaksSoap(byte[] start) {
    if (start == null) {
      return false;
    }
    String head = new String(start, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
    return head.contains("\nsoapaction:");
  }

  /** A whole response as bytes, for a connection that has no HTTP codec. */
  static ByteBuf encode(FullHttpResponse r) {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(r.status()).append("\r\n");
    r.headers().forEach(h -> head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
    head.append("\r\n");
    return Unpooled.wrappedBuffer(Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1), r.content());
  }
}
