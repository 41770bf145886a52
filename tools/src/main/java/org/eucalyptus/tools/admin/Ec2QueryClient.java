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
  private final String version;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public Ec2QueryClient(URI endpoint, String accessKey, String secretKey, String region) {
    this(endpoint, accessKey, secretKey, region, "2012-05-01");
  }

  private Ec2QueryClient(URI endpoint, String accessKey, String secretKey, String region, String version) {
    this.version = version;
    this.endpoint = endpoint;
    this.signer = new QuerySigner(accessKey, secretKey, region, "ec2");
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
  }

  /** The same credentials against another service of the same cloud controller (e.g. /services/Properties). */
  public Ec2QueryClient forService(String path) {
    return new Ec2QueryClient(endpoint.resolve(path), accessKey, secretKey, region, version);
  }

  /** The IAM-compatible service (/services/Euare, API version 2010-05-08). */
  public Ec2QueryClient euare() {
    return new Ec2QueryClient(endpoint.resolve("/services/Euare"), accessKey, secretKey, region, "2010-05-08");
  }

  public URI endpoint() {
    return endpoint;
  }

  /** A plain GET of a public path of the same server (e.g. the cloud certificate). */
  public String getPublic(String path) throws IOException, InterruptedException, ServiceError {
    HttpResponse<String> resp = http.send(HttpRequest.newBuilder(endpoint.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 200) {
      throw new ServiceError("HTTP " + resp.statusCode(), "GET " + path + " failed");
    }
    return resp.body();
  }

  /** Calls {@code action} and returns the response document. */
  public String call(String action, Map<String, String> params) throws IOException, InterruptedException, ServiceError {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Action", action);
    all.put("Version", version);
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

  /** The raw contents of every {@code <name>} element, nested elements included (for list items). */
  public static java.util.List<String> blocks(String xml, String name) {
    java.util.List<String> out = new java.util.ArrayList<>();
    Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(xml);
    while (m.find()) {
      out.add(m.group(1));
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
