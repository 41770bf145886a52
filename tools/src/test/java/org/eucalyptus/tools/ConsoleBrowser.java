package org.eucalyptus.tools;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eucalyptus.common.http.ClientTrust;

/**
 * A browser as far as the console can tell over HTTP: it keeps cookies, trusts the cloud CA, follows
 * nothing by itself (the tests look at each redirect), and posts forms with the tokens the last page gave.
 */
final class ConsoleBrowser {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final Pattern SIGNIN = Pattern.compile("name=\"signinToken\" value=\"([^\"]+)\"");

  record Page(int status, String body, HttpResponse<byte[]> raw) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String location() {
      return header("Location");
    }

    String csrf() {
      Matcher m = CSRF.matcher(body);
      if (!m.find()) {
        throw new AssertionError("no CSRF token on the page:\n" + body);
      }
      return m.group(1);
    }
  }

  private final String base;
  final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http;

  /** A browser for the console at {@code https://host:port}. */
  ConsoleBrowser(String host, int port, X509Certificate ca) throws Exception {
    this.base = "https://" + host + ":" + port;
    this.http = HttpClient.newBuilder().sslContext(ClientTrust.trustingOnly(ca)).cookieHandler(cookies)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
  }

  Page get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path)).GET());
  }

  Page post(String path, Map<String, String> fields) throws Exception {
    return post(path, fields, null);
  }

  /** A form post; {@code origin} (when given) as a browser would name the page it came from. */
  Page post(String path, Map<String, String> fields, String origin) throws Exception {
    String body = fields.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(),
            StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return send(b);
  }

  /** Loads the sign-in form and posts it; the answer to the post. */
  Page signIn(String account, String user, String password) throws Exception {
    Page form = get("/console/signin");
    Matcher m = SIGNIN.matcher(form.body());
    if (!m.find()) {
      throw new AssertionError("no sign-in form:\n" + form.body());
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("signinToken", m.group(1));
    f.put("account", account);
    f.put("user", user);
    f.put("password", password);
    return post("/console/signin", f);
  }

  /** Posts a form of a signed-in page: with the token the page {@code from} carries. */
  Page submit(String from, String action, Map<String, String> fields) throws Exception {
    Map<String, String> f = new LinkedHashMap<>(fields);
    f.put("csrf", get(from).csrf());
    return post(action, f);
  }

  private Page send(HttpRequest.Builder b) throws Exception {
    HttpResponse<byte[]> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Page(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r);
  }
}
