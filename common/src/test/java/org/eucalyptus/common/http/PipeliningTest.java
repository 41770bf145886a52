package org.eucalyptus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/1.1 pipelining: requests sent back to back on one connection are answered in the order they
 * were sent, each with its own head and body, whichever handler answers them and however long each
 * takes.
 */
@IntegrationTest
class PipeliningTest {
  @TempDir Path tmp;

  private static Map<String, String> query(String rawQuery) {
    return InboundRequest.firstValues(new io.netty.handler.codec.http.QueryStringDecoder(rawQuery, false).parameters());
  }

  /** /w: whole requests; /s: streaming ones, PUT reads the body, GET and HEAD send file fN. */
  private List<HttpServer.Route> routes(Path dir) {
    RequestHandler whole = req -> {
      Map<String, String> q = req.queryParameters();
      Thread.sleep(Long.parseLong(q.get("ms")));
      FullHttpResponse r = Responses.text(HttpResponseStatus.OK, "w " + q.get("id") + " " + req.body().length);
      r.headers().set("X-Id", q.get("id"));
      return r;
    };
    StreamingHandler streaming = req -> {
      Map<String, String> q = query(req.rawQuery());
      Thread.sleep(Long.parseLong(q.get("ms")));
      DefaultHttpHeaders h = new DefaultHttpHeaders();
      h.set("X-Id", q.get("id"));
      if (req.method().equals("PUT")) {
        long n = req.body().transferTo(java.io.OutputStream.nullOutputStream());
        return StreamingResponse.of(HttpResponseStatus.OK, h, ("s " + q.get("id") + " " + n).getBytes(StandardCharsets.UTF_8));
      }
      Path f = dir.resolve(req.path().substring(3));
      return req.method().equals("HEAD")
          ? StreamingResponse.head(HttpResponseStatus.OK, h.set("Content-Length", Files.size(f)))
          : StreamingResponse.file(HttpResponseStatus.OK, h, f, 0, Files.size(f));
    };
    return List.of(new HttpServer.Route("/w", whole), HttpServer.Route.streaming("/s", streaming));
  }

  private record Sent(String request, byte[] body, boolean head, String expectedBody) {}

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    List<String> files = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String content = ("file " + i + " ").repeat(10 + i * 1000);
      Files.writeString(tmp.resolve("f" + i), content);
      files.add(content);
    }
    Random random = new Random(11);
    try (HttpServer server = new HttpServer("pipeline-test", new InetSocketAddress("127.0.0.1", 0), routes(tmp),
        1024 * 1024, 64).start();
        RawHttp c = new RawHttp(server.port())) {
      List<Sent> sent = new ArrayList<>();
      for (int id = 0; id < 40; id++) {
        // Early requests take longest, so that answering as handlers finish would reverse them.
        int ms = Math.max(0, 60 - id * 2) + random.nextInt(5);
        String q = "?id=" + id + "&ms=" + ms;
        switch (random.nextInt(5)) {
          case 0 -> sent.add(new Sent("GET /w" + q, new byte[0], false, "w " + id + " 0"));
          case 1 -> sent.add(new Sent("POST /w" + q, new byte[300 + id], false, "w " + id + " " + (300 + id)));
          case 2 -> {
            // Small bodies are read whole first, large ones stream: both kinds take part.
            int len = random.nextBoolean() ? 1000 : 200 * 1024 + id;
            sent.add(new Sent("PUT /s/up" + q, new byte[len], false, "s " + id + " " + len));
          }
          case 3 -> {
            int f = random.nextInt(4);
            sent.add(new Sent("GET /s/f" + f + q, new byte[0], false, files.get(f)));
          }
          default -> sent.add(new Sent("HEAD /s/f" + random.nextInt(4) + q, new byte[0], true, ""));
        }
      }
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (Sent s : sent) {
        all.write((s.request() + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + s.body().length + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        all.write(s.body());
      }
      // Written by another thread: the server reads no further while it answers, so the writes can block.
      CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
        try {
          c.send(all.toByteArray());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      for (int id = 0; id < sent.size(); id++) {
        Sent s = sent.get(id);
        RawHttp.Answer a = c.read(s.head());
        assertThat(a.status()).as("answer %d to %s", id, s.request()).isEqualTo(200);
        assertThat(a.header("X-Id")).as("answer %d to %s", id, s.request()).isEqualTo(String.valueOf(id));
        if (!s.head()) {
          assertThat(a.text()).as("body of answer %d to %s", id, s.request()).isEqualTo(s.expectedBody());
        }
      }
      writing.get();
    }
  }
}
