package org.eucalyptus.common.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;

/** CXF served on our Netty server through the JAX-WS HTTP SPI, called by a CXF client. */
@IntegrationTest
class SoapServiceTest {
  @Test
  void servesCallsFaultsAndConcurrentLongCalls() throws Exception {
    try (SoapService soap = SoapService.publish("/services/Echo", new EchoImpl());
         HttpServer server = new HttpServer("soap-test", new InetSocketAddress("127.0.0.1", 0),
             List.of(new HttpServer.Route("/services/Echo", soap))).start()) {
      String url = "http://127.0.0.1:" + server.port() + "/services/Echo";
      Echo client = SoapClients.create(Echo.class, url, Duration.ofSeconds(2), Duration.ofSeconds(10));
      assertThat(client.echo("hello", 0)).isEqualTo("HELLO");
      assertThatThrownBy(() -> client.echo("", 0)).hasMessageContaining("nothing to echo");

      // Calls that wait (like long polls) do not hold each other up: 8 calls of 300 ms finish together.
      long t0 = System.nanoTime();
      List<CompletableFuture<String>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String text = "call" + i;
        calls.add(CompletableFuture.supplyAsync(() -> client.echo(text, 300)));
      }
      for (int i = 0; i < 8; i++) {
        assertThat(calls.get(i).get()).isEqualTo("CALL" + i);
      }
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);

      // Not SOAP at all: a fault document, not a stack trace.
      HttpResponse<String> junk = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString("<not-soap/>")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(junk.statusCode()).isEqualTo(500);
      assertThat(junk.body()).contains("Fault").doesNotContain("at org.");
    }
  }

  @Test
  void unreadableRequestsAreTheClientsFaultInPlainWords() throws Exception {
    try (SoapService soap = SoapService.publish("/services/Echo", new EchoImpl());
         HttpServer server = new HttpServer("soap-test", new InetSocketAddress("127.0.0.1", 0),
             List.of(new HttpServer.Route("/services/Echo", soap))).start()) {
      String url = "http://127.0.0.1:" + server.port() + "/services/Echo";
      String envelope = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
          + "<echo xmlns=\"urn:test:echo\"><text>x</text></echo></s:Body></s:Envelope>";
      for (byte[] body : List.of(new byte[] {(byte) 0x95, (byte) 0xbd, 1, 2, 3}, "just text".getBytes(StandardCharsets.UTF_8),
          envelope.replace("s:Body", "s:Bodyy").getBytes(StandardCharsets.UTF_8), envelope.substring(0, 90).getBytes(StandardCharsets.UTF_8),
          ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"e\">]>" + envelope).getBytes(StandardCharsets.UTF_8))) {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).as(new String(body, StandardCharsets.UTF_8)).contains("<faultcode>soap:Client</faultcode>")
            .doesNotContain("Exception").doesNotContain("XMLStreamReader").doesNotContain("Couldn't parse");
      }
      // A SOAPAction that names no operation: the sender's mistake too.
      HttpResponse<String> action = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .header("Content-Type", "text/xml").header("SOAPAction", "\"NoSuchOperation\"")
          .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(action.body()).contains("<faultcode>soap:Client</faultcode>");
    }
  }
}
