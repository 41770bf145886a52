package org.eucalyptus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that asks for a large answer and then does not read it must not hold its connection, and
 * the answer's buffers, for ever (HTTP_SEND_TIMEOUT_SEC); one that reads slowly but steadily gets all of it.
 */
@IntegrationTest
class SendTimeoutTest {
  private static final int BIG = 32 * 1024 * 1024;
  @TempDir Path tmp;

  private HttpServer server(Path file) throws InterruptedException {
    List<HttpServer.Route> routes = List.of(
        new HttpServer.Route("/memory", req -> new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.OK, Unpooled.wrappedBuffer(new byte[BIG]))),
        HttpServer.Route.streaming("/file", req -> StreamingResponse.file(HttpResponseStatus.OK,
            new DefaultHttpHeaders(), file, 0, Files.size(file))));
    HttpSettings settings = new HttpSettings(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30),
        100, 100).withSendTimeout(Duration.ofSeconds(1));
    return new HttpServer("send-test", new InetSocketAddress("127.0.0.1", 0), routes, 1024, 4, settings).start();
  }

  private Path bigFile() throws Exception {
    Path f = tmp.resolve("big");
    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
      r.setLength(2L * BIG);
    }
    return f;
  }

  /** A client socket with a small window, so that an answer it does not read stalls soon. */
  private static Socket client(int port) throws Exception {
    Socket s = new Socket();
    s.setReceiveBufferSize(16 * 1024);
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    s.setSoTimeout(20_000);
    return s;
  }

  private static long openDescriptors() throws Exception {
    try (var s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }

  @Test
  void anAnswerNobodyReadsEndsItsConnectionAfterTheSendTimeout() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")),
        "needs /proc (Linux) to count descriptors");
    try (HttpServer server = server(bigFile())) {
      for (String path : List.of("/memory", "/file")) {
        long before = openDescriptors();
        try (Socket c = client(server.port())) {
          c.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          long t0 = System.nanoTime();
          while (server.channelsOpen() == 0 && System.nanoTime() - t0 < Duration.ofSeconds(2).toNanos()) {
            Thread.sleep(5);
          }
          // Never read: the answer stalls once the socket buffers are full.
          while (server.channelsOpen() > 0 && System.nanoTime() - t0 < Duration.ofSeconds(8).toNanos()) {
            Thread.sleep(50);
          }
          double seconds = (System.nanoTime() - t0) / 1e9;
          assertThat(server.channelsOpen()).as(path + ": connections the server still holds").isZero();
          assertThat(seconds).as(path).isBetween(0.9, 4.0);
          assertThat(server.openConnections()).isZero();
          Thread.sleep(200);
          // Its socket, and the file being sent, are closed: only the client's end is left.
          assertThat(openDescriptors()).as(path + ": descriptors").isLessThanOrEqualTo(before + 1 + 2);
        }
      }
    }
  }

  @Test
  void aSlowButSteadyReaderGetsTheWholeAnswer() throws Exception {
    try (HttpServer server = server(bigFile()); Socket c = client(server.port())) {
      c.getOutputStream().write("GET /memory HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = c.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        head.append((char) in.read());
      }
      assertThat(head.toString()).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + BIG);
      byte[] buf = new byte[256 * 1024];
      long body = 0;
      long t0 = System.nanoTime();
      // About 3 s in all, three times the send timeout, with progress every 50 ms.
      for (int n; body < BIG && (n = in.read(buf)) > 0; ) {
        body += n;
        if (body % (512 * 1024) < n) {
          Thread.sleep(50);
        }
      }
      assertThat(body).isEqualTo(BIG);
      assertThat((System.nanoTime() - t0) / 1e9).isGreaterThan(1.5);
      assertThat(server.openConnections()).as("kept alive").isEqualTo(1);
    }
  }
}
