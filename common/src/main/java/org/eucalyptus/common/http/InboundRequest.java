package org.eucalyptus.common.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One whole HTTP request as a component sees it, detached from Netty's buffers.
 *
 * @param rawPath the path exactly as the client sent it (still percent-encoded), which signatures cover
 * @param rawQuery the query string as sent, without the {@code ?}, or empty
 * @param access what the handlers note about the request for the access log
 * @param secure whether it came over TLS (the HTTPS port)
 */
public record InboundRequest(
    String method,
    String uri,
    String rawPath,
    String rawQuery,
    HttpHeaders headers,
    byte[] body,
    InetSocketAddress remoteAddress,
    InetSocketAddress localAddress,
    AccessRecord access,
    boolean secure) {

  /** A request not served by an {@link HttpServer} (a test's, or one made from another): its notes go nowhere. */
  public InboundRequest(String method, String uri, String rawPath, String rawQuery, HttpHeaders headers, byte[] body,
      InetSocketAddress remoteAddress, InetSocketAddress localAddress) {
    this(method, uri, rawPath, rawQuery, headers, body, remoteAddress, localAddress, new AccessRecord(), false);
  }

  /** A request that came over plain HTTP. */
  public InboundRequest(String method, String uri, String rawPath, String rawQuery, HttpHeaders headers, byte[] body,
      InetSocketAddress remoteAddress, InetSocketAddress localAddress, AccessRecord access) {
    this(method, uri, rawPath, rawQuery, headers, body, remoteAddress, localAddress, access, false);
  }

  /** The path, percent-decoded. */
  public String path() {
    return QueryStringDecoder.decodeComponent(rawPath);
  }

  /** Decoded query parameters; the first value of a repeated name wins. */
  public Map<String, String> queryParameters() {
    return firstValues(new QueryStringDecoder(rawQuery, StandardCharsets.UTF_8, false).parameters());
  }

  public String header(String name) {
    return headers.get(name);
  }

  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  static Map<String, String> firstValues(Map<String, List<String>> multi) {
    Map<String, String> out = new LinkedHashMap<>();
    multi.forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
    return out;
  }
}
