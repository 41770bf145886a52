package org.eucalyptus.clc.console;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.http.InboundRequest;
import org.eucalyptus.common.http.Responses;

/** The console's HTTP details: its cookies, forms, and the headers every page goes out with. */
final class ConsoleHttp {
  /** The session's cookie: {@code __Host-} makes browsers insist on Secure, Path=/ and no Domain. */
  static final String SESSION_COOKIE = "__Host-euca-console";
  /** Ties the sign-in form to the browser that loaded it (a login CSRF cannot sign a victim in as the attacker). */
  static final String SIGNIN_COOKIE = "__Host-euca-signin";
  /**
   * No script or style but our own, no framing, forms posting only here, no referrer leaving for
   * another site (within the console browsers then name the page's origin in a post's Origin; with
   * no-referrer at all, Chrome sends "Origin: null"); pages are never cached (they show what only the
   * signed-in user may see).
   */
  private static final Map<String, String> HEADERS = Map.of(
      "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'; form-action 'self'",
      "X-Content-Type-Options", "nosniff",
      "X-Frame-Options", "DENY",
      "Referrer-Policy", "same-origin",
      "Cache-Control", "no-store",
      "Strict-Transport-Security", "max-age=31536000");

  private ConsoleHttp() {}

  static FullHttpResponse html(HttpResponseStatus status, byte[] page) {
    return secured(Responses.of(status, "text/html; charset=utf-8", page));
  }

  static FullHttpResponse redirect(String location) {
    FullHttpResponse r = secured(Responses.of(HttpResponseStatus.SEE_OTHER, "text/plain; charset=utf-8",
        ("See " + location + "\n").getBytes(StandardCharsets.UTF_8)));
    r.headers().set(HttpHeaderNames.LOCATION, location);
    return r;
  }

  /** A file the browser saves rather than shows. */
  static FullHttpResponse download(String fileName, String contentType, byte[] body) {
    FullHttpResponse r = secured(Responses.of(HttpResponseStatus.OK, contentType, body));
    r.headers().set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName.replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
    return r;
  }

  static FullHttpResponse secured(FullHttpResponse r) {
    HEADERS.forEach((k, v) -> r.headers().set(k, v));
    return r;
  }

  /** Sets a cookie only this origin's pages send back over HTTPS, and no script reads. */
  static void setCookie(FullHttpResponse r, String name, String value, long maxAgeSeconds) {
    Cookie c = new DefaultCookie(name, value);
    c.setPath("/");
    c.setSecure(true);
    c.setHttpOnly(true);
    if (maxAgeSeconds >= 0) { // none: the browser keeps it until it closes
      c.setMaxAge(maxAgeSeconds);
    }
    ((DefaultCookie) c).setSameSite(CookieHeaderNames.SameSite.Strict);
    r.headers().add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(c));
  }

  static void clearCookie(FullHttpResponse r, String name) {
    setCookie(r, name, "", 0);
  }

  /** The value of the request's cookie {@code name}, or null. */
  static String cookie(InboundRequest req, String name) {
    String header = req.header("Cookie");
    if (header == null) {
      return null;
    }
    for (Cookie c : ServerCookieDecoder.STRICT.decodeAll(header)) {
      if (c.name().equals(name)) {
        return c.value();
      }
    }
    return null;
  }

  /** A form's fields (application/x-www-form-urlencoded); the first of a repeated name wins. */
  static Map<String, String> form(InboundRequest req) {
    Map<String, String> out = new LinkedHashMap<>();
    if (req.body() == null || req.body().length == 0) {
      return out;
    }
    Map<String, List<String>> all = new QueryStringDecoder(req.bodyAsString(), StandardCharsets.UTF_8, false,
        10_000).parameters();
    all.forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
    return out;
  }
}
