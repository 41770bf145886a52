package org.eucalyptus.common.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The method and path of a request read from its first bytes ("METHOD /path?query HTTP/1.1"), for a
 * connection answered before (or without) the HTTP decoder: which route's words its answer is in, and
 * what its access-log line says. The query string is left out (signed requests carry their signature there).
 */
record RequestLine(String method, String path) {
  /** How much of a request's start is looked at. */
  static final int MAX = 2048;

  /** The request line at the start of {@code start}, or null when there is none to read there. */
  static RequestLine parse(byte[] start) {
    String text = new String(start, 0, Math.min(start.length, MAX), StandardCharsets.ISO_8859_1);
    String[] line = text.split("\r?\n", 2)[0].split(" ");
    if (line.length < 2 || line[0].isEmpty()) {
      return null;
    }
    String raw = line[1].split("\\?", 2)[0];
    try {
      return new RequestLine(line[0], QueryStringDecoder.decodeComponent(raw));
    } catch (IllegalArgumentException e) {
      return new RequestLine(line[0], raw); // cut off in an escape, or a bad one: still says the route
    }
  }

  /** As an access-log action: "METHOD /path". */
  String action() {
    return method + " " + path;
  }
}
