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
    InetSocketAddress localAddress) {

  public String path() {
    return QueryStringDecoder.decodeComponent(rawPath);
  }

  public String header(String name) {
    return headers.get(name);
  }
}
