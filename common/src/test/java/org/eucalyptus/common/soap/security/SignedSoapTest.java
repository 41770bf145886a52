package org.eucalyptus.common.soap.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.TestCa;
import org.eucalyptus.common.soap.Echo;
import org.eucalyptus.common.soap.EchoImpl;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.common.soap.SoapService;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real CXF client and service on our Netty server with WS-Security X.509 signatures: who is
 * accepted, who is refused, and that a signed message is good once, for its time, for its body.
 */
@IntegrationTest
class SignedSoapTest {
  private static TestCa ca;
  private static final AtomicReference<X509Certificate> anchor = new AtomicReference<>();
  private static final AtomicReference<String> captured = new AtomicReference<>();
  /** What the last request to /echo noted for the access log. */
  private static final AtomicReference<org.eucalyptus.common.http.AccessRecord> noted = new AtomicReference<>();
  private static SoapService soap;
  private static HttpServer server;
  private static String url;
  private static String captureUrl;

  @BeforeAll
  static void serve() throws Exception {
    ca = new TestCa("CN=test cloud, O=Eucalyptus");
    soap = SoapService.publish("/echo", new EchoImpl(), List.of(new SignatureCheckInInterceptor(
        () -> Optional.ofNullable(anchor.get()), Set.of("ping"),
        SignatureCheckInInterceptor.componentRoles(Set.of(ComponentIdentity.CLUSTER, ComponentIdentity.CLOUD)))));
    server = new HttpServer("signed-soap-test", new InetSocketAddress("127.0.0.1", 0), List.of(
        new HttpServer.Route("/echo", req -> {
          try {
            return soap.handle(req);
          } finally {
            noted.set(req.access());
          }
        }),
        new HttpServer.Route("/capture", req -> {
          captured.set(new String(req.body(), StandardCharsets.UTF_8));
          return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SERVICE_UNAVAILABLE,
              Unpooled.EMPTY_BUFFER);
        }))).start();
    url = "http://127.0.0.1:" + server.port() + "/echo";
    captureUrl = "http://127.0.0.1:" + server.port() + "/capture";
  }

  @AfterAll
  static void stop() {
    server.close();
    soap.close();
  }

  private static Echo client(Optional<SigningIdentity> id) {
    return WsSecurity.signing(SoapClients.create(Echo.class, url, Duration.ofSeconds(2), Duration.ofSeconds(10)),
        () -> id);
  }

  private static SigningIdentity component(TestCa issuer, String role) throws Exception {
    TestCa.Issued i = issuer.issue(ComponentIdentity.subject(role, "10.0.0.9"));
    return new SigningIdentity(i.keys().getPrivate(), i.cert(), issuer.cert);
  }

  @Test
  void beforeEnrolmentAnyonePassesAfterItOnlyTrustedComponents() throws Exception {
    anchor.set(null);
    assertThat(client(Optional.empty()).echo("open", 0)).isEqualTo("OPEN");

    anchor.set(ca.cert);
    try {
      assertThatThrownBy(() -> client(Optional.empty()).echo("unsigned", 0))
          .hasMessageContaining("not signed");
      // The operation left open for unsigned callers still is.
      assertThat(client(Optional.empty()).ping()).isEqualTo("pong");

      assertThat(client(Optional.of(component(ca, ComponentIdentity.CLUSTER))).echo("cluster", 0))
          .isEqualTo("CLUSTER");
      // The cloud controller signs with the CA's own key.
      assertThat(client(Optional.of(new SigningIdentity(ca.keys.getPrivate(), ca.cert, ca.cert)))
          .echo("cloud", 0)).isEqualTo("CLOUD");
      // A signed call to the open operation is checked like any other.
      assertThat(client(Optional.of(component(ca, ComponentIdentity.CLUSTER))).ping()).isEqualTo("pong");

      // Same CA, but a node may not call here, and neither may a user.
      assertThatThrownBy(() -> client(Optional.of(component(ca, ComponentIdentity.NODE))).echo("node", 0))
          .hasMessageContaining("may not call echo here: only a cloud or cluster of this cloud may");
      TestCa.Issued user = ca.issue("CN=alice, OU=000000000001, O=Eucalyptus");
      SigningIdentity userId = new SigningIdentity(user.keys().getPrivate(), user.cert(), ca.cert);
      assertThatThrownBy(() -> client(Optional.of(userId)).echo("user", 0)).hasMessageContaining("may not call");

      // A cluster certificate from another cloud's CA is not trusted at all.
      TestCa foreign = new TestCa("CN=another cloud, O=Eucalyptus");
      assertThatThrownBy(() -> client(Optional.of(component(foreign, ComponentIdentity.CLUSTER))).echo("x", 0))
          .hasMessageContaining("not by a certificate of this cloud");
    } finally {
      anchor.set(null);
    }
  }

  /** Says which token store a signed call to it was checked with. */
  @jakarta.jws.WebService(endpointInterface = "org.eucalyptus.common.soap.Echo", targetNamespace = "urn:test:echo",
      serviceName = "EchoService", portName = "EchoPort")
  public static final class TokenStoreEcho implements Echo {
    @Override
    public String echo(String text, int waitMillis) {
      try {
        return org.apache.cxf.ws.security.tokenstore.TokenStoreUtils.getTokenStore(
            org.apache.cxf.phase.PhaseInterceptorChain.getCurrentMessage()).getClass().getSimpleName();
      } catch (org.apache.cxf.ws.security.tokenstore.TokenStoreException e) {
        return e.toString();
      }
    }

    @Override
    public String ping() {
      return "pong";
    }
  }

  /**
   * An endpoint's signature check builds no cache of its own: CXF's default token store is an
   * EhCache one per endpoint, made on its first signed call (an XML schema parsed, ~30 ms of CPU, a
   * cache manager kept): with the node simulator's hundreds of endpoints, most of its CPU once
   * enrolled. The check keeps no tokens; a plain in-memory store does.
   */
  @Test
  void aSignatureCheckBuildsNoCachePerEndpoint() throws Exception {
    SoapService tokens = SoapService.publish("/tokens", new TokenStoreEcho(), List.of(new SignatureCheckInInterceptor(
        () -> Optional.of(ca.cert), Set.of(), SignatureCheckInInterceptor.componentRoles(Set.of(ComponentIdentity.CLUSTER)))));
    try (HttpServer s = new HttpServer("token-store-test", new InetSocketAddress("127.0.0.1", 0),
        List.of(new HttpServer.Route("/tokens", tokens))).start()) {
      SigningIdentity cluster = component(ca, ComponentIdentity.CLUSTER);
      Echo c = WsSecurity.signing(SoapClients.create(Echo.class, "http://127.0.0.1:" + s.port() + "/tokens",
          Duration.ofSeconds(2), Duration.ofSeconds(10)), () -> Optional.of(cluster));
      assertThat(c.echo("which", 0)).isEqualTo("MemoryTokenStore");
    } finally {
      tokens.close();
    }
  }

  @Test
  void theAccessLogNotesSignerOperationAndFault() throws Exception {
    anchor.set(ca.cert);
    try {
      SigningIdentity cluster = component(ca, ComponentIdentity.CLUSTER);
      assertThat(client(Optional.of(cluster)).echo("noted", 0)).isEqualTo("NOTED");
      assertThat(noted.get().service()).isEqualTo("echo");
      assertThat(noted.get().action()).isEqualTo("echo");
      assertThat(noted.get().principal()).isEqualTo(cluster.certificate().getSubjectX500Principal().getName());
      assertThat(noted.get().errorCode()).isNull();

      assertThatThrownBy(() -> client(Optional.of(component(ca, ComponentIdentity.NODE))).echo("node", 0))
          .hasMessageContaining("may not call");
      assertThat(noted.get().action()).isEqualTo("echo");
      assertThat(noted.get().errorCode()).isEqualTo("FailedAuthentication");
    } finally {
      anchor.set(null);
    }
  }

  @Test
  void aSignedMessageIsGoodOnceForItsTimeAndForItsBodyOnly() throws Exception {
    SigningIdentity cluster = component(ca, ComponentIdentity.CLUSTER);
    String fresh = signedRequest(cluster, Clock.systemUTC(), "replay me");
    // Signed by a clock a minute more than the Timestamp's lifetime behind: stale on arrival.
    String stale = signedRequest(cluster,
        Clock.offset(Clock.systemUTC(), WsSecurity.TIMESTAMP_TTL.plusMinutes(1).negated()), "too late");
    anchor.set(ca.cert);
    try {
      HttpResponse<String> first = post(fresh);
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.body()).contains("REPLAY ME");
      HttpResponse<String> again = post(fresh);
      assertThat(again.statusCode()).isEqualTo(500);
      assertThat(again.body()).contains("Fault").doesNotContain("REPLAY ME").doesNotContain("at org.");
      // The sender's fault, in WS-Security's own codes (not WSS4J's wss4j:SecurityError, which names no one).
      assertThat(faultCode(again.body())).isEqualTo("wsse:InvalidSecurity");

      String tampered = signedRequest(cluster, Clock.systemUTC(), "original")
          .replace(">original<", ">tampered<");
      HttpResponse<String> t = post(tampered);
      assertThat(t.statusCode()).isEqualTo(500);
      assertThat(t.body()).doesNotContain("TAMPERED");
      assertThat(faultCode(t.body())).isEqualTo("wsse:InvalidSecurity");
      HttpResponse<String> garbage = post(fresh.replaceFirst("(?s)<wsse:Security[^>]*>.*</wsse:Security>",
          "<wsse:Security xmlns:wsse=\"" + WsSecurity.WSSE_NS + "\"><garbage/></wsse:Security>"));
      assertThat(garbage.statusCode()).isEqualTo(500);
      assertThat(faultCode(garbage.body())).isEqualTo("wsse:InvalidSecurity");

      HttpResponse<String> late = post(stale);
      assertThat(late.statusCode()).isEqualTo(500);
      assertThat(late.body()).contains("Fault").doesNotContain("TOO LATE");
      assertThat(faultCode(late.body())).isEqualTo("wsse:MessageExpired");
    } finally {
      anchor.set(null);
    }
  }

  /** The envelope a client signing by {@code clock} sends for echo(text), caught before the service. */
  private static String signedRequest(SigningIdentity id, Clock clock, String text) {
    Echo c = SoapClients.create(Echo.class, captureUrl, Duration.ofSeconds(2), Duration.ofSeconds(5));
    Client client = ClientProxy.getClient(c);
    client.getOutInterceptors().add(new SigningOutInterceptor(() -> Optional.of(id), clock));
    captured.set(null);
    try {
      c.echo(text, 0);
    } catch (RuntimeException expected) {
      // the capture route answers 503
    }
    assertThat(captured.get()).contains("BinarySecurityToken").contains(">" + text + "<");
    return captured.get();
  }

  /** The faultcode as written, prefix and all (the prefix is bound to its namespace in the fault). */
  private static String faultCode(String fault) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<faultcode( xmlns:(\\w+)=\"([^\"]*)\")?>([^<]*)</faultcode>")
        .matcher(fault);
    assertThat(m.find()).as(fault).isTrue();
    String code = m.group(4);
    // Say the code with the prefix "wsse" when it is in WS-Security's namespace, whatever prefix was written.
    return m.group(3) != null && m.group(3).equals(WsSecurity.WSSE_NS) ? "wsse:" + code.substring(code.indexOf(':') + 1)
        : code;
  }

  private static HttpResponse<String> post(String envelope) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
        .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
