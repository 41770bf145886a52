package org.eucalyptus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.util.List;
import org.eucalyptus.common.soap.SoapRefusals;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * A request line over {@link HttpServer#MAX_REQUEST_LINE} or headers over {@link
 * HttpServer#MAX_HEADER_SECTION} are refused in the words of the route the path names (a SOAP fault on
 * a SOAP route, the route's own error document on another), plain only where no route can be told,
 * and the connection is closed.
 */
@IntegrationTest
class OversizedHeadTest {
  private static final String LONG = "a".repeat(HttpServer.MAX_REQUEST_LINE + 1000);

  private static HttpServer server() throws InterruptedException {
    RequestHandler ok = req -> Responses.text(HttpResponseStatus.OK, "ok");
    List<HttpServer.Route> routes = List.of(
        new HttpServer.Route("/soap", ok).withRefusals(SoapRefusals::answer),
        new HttpServer.Route("/xml", ok).withRefusals(why -> Responses.xml(
            why == ServerRefusal.REQUEST_LINE_TOO_LONG ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : HttpResponseStatus.BAD_REQUEST, "<Error><Code>" + why + "</Code></Error>")),
        new HttpServer.Route("/plain", ok));
    return new HttpServer("head-test", new InetSocketAddress("127.0.0.1", 0), routes, 1024, 4).start();
  }

  private static RawHttp.Answer refused(HttpServer server, String request, int status) throws Exception {
    try (RawHttp c = new RawHttp(server.port())) {
      RawHttp.Answer a = c.send(request).read();
      assertThat(a.status()).as(request.substring(0, 40)).isEqualTo(status);
      assertThat(a.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
      return a;
    }
  }

  @Test
  void aRequestLineTooLongIsRefusedInItsRoutesWords() throws Exception {
    try (HttpServer server = server()) {
      RawHttp.Answer soap = refused(server, "POST /soap/services/EucalyptusNC?x=" + LONG + " HTTP/1.1\r\nHost: x\r\n\r\n",
          414);
      assertThat(soap.header("Content-Type")).startsWith("text/xml");
      assertThat(soap.text()).contains("<soap:Fault>", "<faultcode>soap:Client</faultcode>",
          "<code>RequestLineTooLong</code>");
      assertThat(refused(server, "GET /xml/bucket/" + LONG + " HTTP/1.1\r\nHost: x\r\n\r\n", 414).text())
          .isEqualTo("<Error><Code>REQUEST_LINE_TOO_LONG</Code></Error>");
      assertThat(refused(server, "GET /plain/" + LONG + " HTTP/1.1\r\nHost: x\r\n\r\n", 414).text())
          .startsWith("The request line is longer than");
      assertThat(refused(server, "GET /nowhere/" + LONG + " HTTP/1.1\r\nHost: x\r\n\r\n", 414).text())
          .startsWith("The request line is longer than");
      // Also after a first request on the connection.
      try (RawHttp c = new RawHttp(server.port())) {
        assertThat(c.send("GET /xml/small HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("ok");
        RawHttp.Answer a = c.send("GET /xml/" + LONG + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
        assertThat(a.status()).isEqualTo(414);
        assertThat(a.text()).isEqualTo("<Error><Code>REQUEST_LINE_TOO_LONG</Code></Error>");
        assertThat(c.closedByServer()).isTrue();
      }
    }
  }

  @Test
  void headersTooLargeAreRefusedInTheirRoutesWords() throws Exception {
    String oneBig = "X-Big: " + "b".repeat(HttpServer.MAX_HEADER_SECTION + 100) + "\r\n";
    StringBuilder many = new StringBuilder();
    for (int i = 0; many.length() <= HttpServer.MAX_HEADER_SECTION + 1000; i++) {
      many.append("X-Meta-").append(i).append(": ").append("m".repeat(100)).append("\r\n");
    }
    try (HttpServer server = server()) {
      for (String headers : List.of(oneBig, many.toString())) {
        RawHttp.Answer soap = refused(server, "POST /soap/services/EucalyptusCC HTTP/1.1\r\nHost: x\r\n" + headers
            + "\r\n", 400);
        assertThat(soap.text()).contains("<soap:Fault>", "<code>RequestHeaderSectionTooLarge</code>");
        assertThat(refused(server, "PUT /xml/bucket/key HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n", 400).text())
            .isEqualTo("<Error><Code>HEADERS_TOO_LARGE</Code></Error>");
        assertThat(refused(server, "GET /plain HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n", 400).text())
            .startsWith("The request headers are larger than");
      }
      // Within the limits, the same routes answer.
      try (RawHttp c = new RawHttp(server.port())) {
        assertThat(c.send("GET /soap/x HTTP/1.1\r\nHost: x\r\nX-Meta: " + "m".repeat(4000) + "\r\n\r\n").read()
            .text()).isEqualTo("ok");
      }
    }
  }
}
