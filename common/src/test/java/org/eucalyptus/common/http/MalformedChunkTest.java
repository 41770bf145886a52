package org.eucalyptus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * A chunked body with a chunk size that is no size (negative, not hexadecimal, beyond any length) is
 * refused with a 400, and never reaches a handler as a shorter body than the client sent.
 */
@IntegrationTest
class MalformedChunkTest {
  @Test
  void badChunkSizesAreAnswered400() throws Exception {
    AtomicInteger wholeHandled = new AtomicInteger();
    AtomicInteger streamsRead = new AtomicInteger();
    StreamingHandler streaming = req -> {
      long n = req.body().transferTo(java.io.OutputStream.nullOutputStream());
      streamsRead.incrementAndGet();
      return StreamingResponse.of(HttpResponseStatus.OK, new DefaultHttpHeaders(), ("read " + n).getBytes(StandardCharsets.UTF_8));
    };
    try (HttpServer server = new HttpServer("chunk-test", new InetSocketAddress("127.0.0.1", 0),
        List.of(new HttpServer.Route("/q", req -> {
          wholeHandled.incrementAndGet();
          return Responses.text(HttpResponseStatus.OK, "got " + req.body().length);
        }), HttpServer.Route.streaming("/s", streaming)), 1024 * 1024, 16).start()) {
      String big = Integer.toHexString(100 * 1024);
      for (String badSize : List.of("-5", "zz", "FFFFFFFFFFFFFFFF")) {
        for (String path : List.of("/q", "/s/small", "/s/large")) {
          try (RawHttp c = new RawHttp(server.port())) {
            c.send("PUT " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
            if (path.equals("/s/large")) {
              // Enough for the handler to be reading the stream already when the bad size comes.
              c.send(big + "\r\n").send(new byte[100 * 1024]).send("\r\n");
              Thread.sleep(200);
            }
            c.send(badSize + "\r\n" + "x".repeat(20) + "\r\n0\r\n\r\n");
            RawHttp.Answer a = c.read();
            assertThat(a.status()).as("chunk size %s on %s", badSize, path).isEqualTo(400);
            assertThat(a.header("Connection")).isEqualTo("close");
          }
        }
      }
      assertThat(wholeHandled).as("whole requests handed on").hasValue(0);
      // A good chunked body still goes through.
      try (RawHttp c = new RawHttp(server.port())) {
        c.send("PUT /q HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n");
        assertThat(c.read().text()).isEqualTo("got 8");
        c.send("PUT /s/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertThat(c.read().text()).isEqualTo("read 5");
      }
    }
  }
}
