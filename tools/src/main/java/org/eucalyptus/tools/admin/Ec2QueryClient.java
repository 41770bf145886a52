package org.eucalyptus.tools.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eucalyptus.common.auth.QuerySigner;

/** A small signed Query API client for the admin tools (Signature V4, form POST). */
public final class Ec2QueryClient {
  /** An error the service answered with, in its own words. */
  public static final class ServiceError extends Exception {
    private final String code;

    ServiceError(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final URI endpoint;
  private final QuerySigner signer;
  private final String accessKey;
  private final String secretKey;
  private final String region;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public Ec2QueryClient(URI endpoint, String accessKey, String secretKey, String region) {
    this.endpoint = endpoint;
    this.signer = new QuerySigner(accessKey, secretKey, region, "ec2");
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
  }

  /** The same credentials against another service of the same cloud controller (e.g. /services/Properties). */
  public Ec2QueryClient forService(String path) {
    return new Ec2QueryClient(endpoint.resolve(path), accessKey, secretKey, region);
  }

  /** Calls {@code action} and returns the response document. */
  public String call(String action, Map<String, String> params) throws IOException, InterruptedException, ServiceError {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Action", action);
    all.put("Version", "2012-05-01");
    all.putAll(params);
    String body = QuerySigner.formBody(all);
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    signer.sign(endpoint, body, Instant.now()).forEach(b::header);
    HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() / 100 != 2) {
      String code = element(resp.body(), "Code");
      String message = element(resp.body(), "Message");
      throw new ServiceError(code == null ? "HTTP " + resp.statusCode() : code,
          message == null ? resp.body() : message);
    }
    return resp.body();
  }

  /** The texts of every {@code <name>} element, in order. */
  public static java.util.List<String> elements(String xml, String name) {
    java.util.List<String> out = new java.util.ArrayList<>();
    Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    while (m.find()) {
      out.add(unescape(m.group(1)));
    }
    return out;
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
        .replace("&amp;", "&");
  }

  /** The text of the first {@code <name>} element (responses are flat enough for this). */
  public static String element(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    return m.find() ? m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&apos;", "'").replace("&amp;", "&") : null;
  }
}
