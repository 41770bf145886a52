package org.eucalyptus.tools.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.auth.QuerySigner;
import org.eucalyptus.common.xml.XmlDocuments;
import org.w3c.dom.Element;

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
  private final HttpClient http;

  public Ec2QueryClient(URI endpoint, String accessKey, String secretKey, String region) {
    this(endpoint, accessKey, secretKey, region, "2012-05-01",
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  /** One that trusts the CAs of {@code caBundle} too, for a cloud's HTTPS URLs (see ClientTrust). */
  public Ec2QueryClient(URI endpoint, String accessKey, String secretKey, String region,
      java.util.Optional<java.nio.file.Path> caBundle) throws IOException {
    this(endpoint, accessKey, secretKey, region, "2012-05-01",
        org.eucalyptus.common.http.ClientTrust.httpClient(caBundle, Duration.ofSeconds(10)));
  }

  private Ec2QueryClient(URI endpoint, String accessKey, String secretKey, String region, String version,
      HttpClient http) {
    this.http = http;
    this.version = version;
    this.endpoint = endpoint;
    this.signer = new QuerySigner(accessKey, secretKey, region, "ec2");
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
  }

  /** The same credentials against another service of the same cloud controller (e.g. /services/Properties). */
  public Ec2QueryClient forService(String path) {
    return new Ec2QueryClient(endpoint.resolve(path), accessKey, secretKey, region, version, http);
  }

  /** The IAM-compatible service (/services/Euare, API version 2010-05-08). */
  public Ec2QueryClient euare() {
    return new Ec2QueryClient(endpoint.resolve("/services/Euare"), accessKey, secretKey, region, "2010-05-08", http);
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

  /**
   * The texts of every {@code <name>} field (an element holding only text, in any namespace), in
   * document order; none when {@code xml} is not a document.
   */
  public static List<String> elements(String xml, String name) {
    return XmlDocuments.tryParse(xml).map(d -> XmlDocuments.texts(d, name)).orElse(List.of());
  }

  /** Every {@code <name>} element, for list items read field by field with {@link #element(Element, String)}. */
  public static List<Element> blocks(String xml, String name) {
    return XmlDocuments.tryParse(xml).map(d -> XmlDocuments.elements(d, name)).orElse(List.of());
  }

  /** The text of the first {@code <name>} field, or null (also when {@code xml} is not a document). */
  public static String element(String xml, String name) {
    return XmlDocuments.tryParse(xml).map(d -> XmlDocuments.text(d, name)).orElse(null);
  }

  /** The text of the first {@code <name>} field inside {@code scope}, or null. */
  public static String element(Element scope, String name) {
    return XmlDocuments.text(scope, name);
  }
}
