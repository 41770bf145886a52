package org.eucalyptus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File bodies, whose start the worker reads before the event loop sends them: every byte of every
 * region arrives, in order, for many clients at once on kept-alive connections, and a client that
 * leaves in the middle of a body costs the others nothing.
 */
@IntegrationTest
class FileBodyTest {
  @TempDir Path tmp;

  @Test
  void regionsAcrossSegmentsArriveWholeForConcurrentClients() throws Exception {
    int seg = FileBodySender.FIRST;
    byte[] content = new byte[3 * seg + 12345];
    new Random(7).nextBytes(content);
    Path file = Files.write(tmp.resolve("f"), content);
    // ?from=N&len=M picks the region; every client asks for several on one connection.
    StreamingHandler h = req -> {
      String[] q = req.uri().substring(req.uri().indexOf('?') + 1).split("&");
      long from = Long.parseLong(q[0].substring(5));
      long len = Long.parseLong(q[1].substring(4));
      return StreamingResponse.file(HttpResponseStatus.OK, new DefaultHttpHeaders(), file, from, len);
    };
    long[][] regions = {{0, content.length}, {0, seg}, {seg - 1, 2}, {5, 2L * seg + 3}, {content.length - 7, 7},
        {3L * seg, 12345}, {123, 1}};
    try (HttpServer server = new HttpServer("file-test", new InetSocketAddress("127.0.0.1", 0),
        List.of(HttpServer.Route.streaming("/f", h)), 1024, 64).start()) {
      String base = "http://127.0.0.1:" + server.port() + "/f?";
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        int client = c;
        done.add(pool.submit(() -> {
          HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
          int checked = 0;
          for (int round = 0; round < 3; round++) {
            for (int i = 0; i < regions.length; i++) {
              long[] r = regions[(i + client) % regions.length];
              HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(URI.create(base + "from=" + r[0]
                  + "&len=" + r[1])).build(), HttpResponse.BodyHandlers.ofByteArray());
              assertThat(get.statusCode()).isEqualTo(200);
              assertThat(get.body().length).isEqualTo((int) r[1]);
              assertThat(Arrays.equals(get.body(), Arrays.copyOfRange(content, (int) r[0], (int) (r[0] + r[1]))))
                  .as("bytes of region %s+%s", r[0], r[1]).isTrue();
              checked++;
            }
          }
          return checked;
        }));
      }
      for (Future<Integer> f : done) {
        assertThat(f.get()).isEqualTo(3 * regions.length);
      }
      pool.shutdown();

      // A client that reads a little of a large body and goes: the server serves the next one whole.
      for (int i = 0; i < 3; i++) {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
          OutputStream out = s.getOutputStream();
          out.write(("GET /f?from=0&len=" + content.length + " HTTP/1.1\r\nHost: x\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          InputStream in = s.getInputStream();
          in.readNBytes(64 * 1024);
        }
      }
      HttpResponse<byte[]> after = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
          + "from=0&len=" + content.length)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(Arrays.equals(after.body(), content)).isTrue();
    }
  }
}
