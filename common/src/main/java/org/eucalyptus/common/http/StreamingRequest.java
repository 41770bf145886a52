package org.eucalyptus.common.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.InputStream;
import java.net.InetSocketAddress;

/**
 * A request whose body arrives as a stream, read by the handler as the client sends it (object
 * uploads of any size, never held in memory whole).
 */
public record StreamingRequest(
    String method,
    String uri,
    String rawPath,
    String rawQuery,
    HttpHeaders headers,
    InputStream body,
    InetSocketAddress remoteAddress,
    InetSocketAddress localAddress,
    AccessRecord access,
    boolean secure) {

  /** A request not served by an {@link HttpServer} (a test's, or one made from another): its notes go nowhere. */
  public StreamingRequest(String method, String uri, String rawPath, String rawQuery, HttpHeaders headers, InputStream body,
      InetSocketAddress remoteAddress, InetSocketAddress localAddress) {
    this(method, uri, rawPath, rawQuery, headers, body, remoteAddress, localAddress, new AccessRecord(), false);
  }

  /** A request that came over plain HTTP. */
  public StreamingRequest(String method, String uri, String rawPath, String rawQuery, HttpHeaders headers, InputStream body,
      InetSocketAddress remoteAddress, InetSocketAddress localAddress, AccessRecord access) {
    this(method, uri, rawPath, rawQuery, headers, body, remoteAddress, localAddress, access, false);
  }

  public String path() {
    return QueryStringDecoder.decodeComponent(rawPath);
  }

  public String header(String name) {
    return headers.get(name);
  }
}
