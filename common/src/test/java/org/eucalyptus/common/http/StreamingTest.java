package org.eucalyptus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming request bodies and file responses through our HTTP server. */
@IntegrationTest
class StreamingTest {
  @TempDir Path tmp;

  /** Echoes the body's length and MD5; GET /file sends a file region, HEAD its length only. */
  StreamingHandler handler(Path file, AtomicLong maxBuffered) {
    return req -> {
      if (req.path().endsWith("/partial")) {
        // Reads only the start of the body: the server must still answer and then close.
        req.body().read(new byte[10]);
        return StreamingResponse.of(HttpResponseStatus.BAD_REQUEST, new DefaultHttpHeaders(), "stop".getBytes(StandardCharsets.UTF_8));
      }
      if (req.method().equals("PUT")) {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        long n = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = req.body()) {
          for (int r; (r = in.read(buf)) > 0; ) {
            md5.update(buf, 0, r);
            n += r;
          }
        }
        return StreamingResponse.of(HttpResponseStatus.OK, new DefaultHttpHeaders(),
            (n + " " + HexFormat.of().formatHex(md5.digest())).getBytes(StandardCharsets.UTF_8));
      }
      long size = Files.size(file);
      return req.method().equals("HEAD")
          ? StreamingResponse.head(HttpResponseStatus.OK, new DefaultHttpHeaders().set("Content-Length", size))
          : StreamingResponse.file(HttpResponseStatus.OK, new DefaultHttpHeaders(), file, 5, size - 5);
    };
  }

  @Test
  void largeBodiesStreamInAndFilesStreamOut() throws Exception {
    Path file = Files.writeString(tmp.resolve("f"), "0123456789abcdefghij");
    AtomicLong peak = new AtomicLong();
    try (HttpServer server = new HttpServer("stream-test", new InetSocketAddress("127.0.0.1", 0),
        List.of(HttpServer.Route.streaming("/s", handler(file, peak))), 1024, 16).start()) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port() + "/s";

      // 256 MiB through a server whose whole-request limit is 1 KiB: only streaming gets it through.
      // (That memory stays flat for objects of any size is measured in a process of its own, by bench/.)
      long size = 256L * 1024 * 1024;
      byte[] block = new byte[1024 * 1024];
      for (int i = 0; i < block.length; i++) {
        block[i] = (byte) (i * 31);
      }
      MessageDigest expected = MessageDigest.getInstance("MD5");
      for (long i = 0; i < size / block.length; i++) {
        expected.update(block);
      }
      HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/big"))
          .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() ->
              new InputStream() {
                long left = size;
                int pos;

                @Override
                public int read() {
                  throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                  if (left == 0) {
                    return -1;
                  }
                  int n = (int) Math.min(Math.min(len, left), block.length - pos);
                  System.arraycopy(block, pos, b, off, n);
                  pos = (pos + n) % block.length;
                  left -= n;
                  return n;
                }
              }), size)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).isEqualTo(200);
      assertThat(put.body()).isEqualTo(size + " " + HexFormat.of().formatHex(expected.digest()));

      HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(base + "/file")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(get.body()).isEqualTo("56789abcdefghij");
      HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(base + "/file"))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(head.headers().firstValue("Content-Length")).contains("20");
      assertThat(head.body()).isEmpty();

      // Four times what the server queues of a body (BodyStream's 4 MiB): the rest cannot have
      // arrived when the handler answers, so the answer must close. (A body of exactly 4 MiB could
      // arrive whole first, and a whole body rightly keeps the connection.)
      HttpResponse<String> partial = http.send(HttpRequest.newBuilder(URI.create(base + "/partial"))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[16 * 1024 * 1024])).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(partial.statusCode()).isEqualTo(400);
      assertThat(partial.headers().firstValue("Connection")).contains("close");
      // The server goes on serving new connections after that.
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/file")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }
}
