package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request line or headers too large for the HTTP server are answered in the error format of the
 * API the path names (EC2's and IAM's error XML, also at "/" where the AWS SDK posts EC2 requests),
 * never as plain text, and the connection is closed.
 */
@IntegrationTest
class OversizedHeadTest {
  @TempDir Path tmp;

  /** The head (lower case) and body of the one answer before the server closes the connection. */
  private static String[] exchange(int port, String request) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // to the server's close
      int end = all.indexOf("\r\n\r\n");
      return new String[] {all.substring(0, end).toLowerCase(Locale.ROOT), all.substring(end + 4)};
    }
  }

  @Test
  void headsTooLargeGetTheApisErrorXml() throws Exception {
    String longQuery = "Action=DescribeRegions&Pad=" + "p".repeat(HttpServer.MAX_REQUEST_LINE + 500);
    String bigHeader = "X-Pad: " + "h".repeat(HttpServer.MAX_HEADER_SECTION + 100) + "\r\n";
    try (ClcApiFixture f = new ClcApiFixture(tmp.resolve("clc"))) {
      int port = f.server.port();
      for (String path : List.of("/services/Eucalyptus", "/services/Euare", "/")) {
        String[] line = exchange(port, "GET " + path + "?" + longQuery + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(line[0]).as(path).startsWith("http/1.1 414").contains("connection: close", "text/xml");
        assertThat(line[1]).as(path).contains("<Code>InvalidRequest</Code>", "<Message>The request line is longer");

        String[] headers = exchange(port, "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
            + bigHeader + "\r\n");
        assertThat(headers[0]).as(path).startsWith("http/1.1 400").contains("connection: close", "text/xml");
        assertThat(headers[1]).as(path).contains("<Code>InvalidRequest</Code>", "<Message>The request");
      }
      // EC2's document has its Response/Errors/Error shape and a request id, IAM's its ErrorResponse.
      assertThat(exchange(port, "GET /services/Eucalyptus?" + longQuery + " HTTP/1.1\r\n\r\n")[1])
          .contains("<Response><Errors><Error>", "<RequestID>");
      assertThat(exchange(port, "GET /services/Euare?" + longQuery + " HTTP/1.1\r\n\r\n")[1])
          .contains("<ErrorResponse");
      // EC2 over SOAP shares the path: a request that carries a SOAPAction gets a SOAP fault.
      String[] soap = exchange(port, "POST /services/Eucalyptus HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
          + "SOAPAction: \"DescribeRegions\"\r\nContent-Length: 0\r\n" + bigHeader + "\r\n");
      assertThat(soap[0]).startsWith("http/1.1 400").contains("connection: close", "text/xml");
      assertThat(soap[1]).contains("<soap:Fault>", "<faultcode>soap:Client</faultcode>", "RequestHeaderSectionTooLarge");
    }
  }
}
