package org.eucalyptus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Uploads whose bodies dribble in hold no thread the other requests need: while many are open, whole
 * requests (the control plane) and bodiless streaming ones (S3 GETs) are answered at once.
 */
@IntegrationTest
class SlowUploadTest {
  @Test
  void dribblingUploadsDoNotStarveOtherRequests() throws Exception {
    int workers = 8;
    StreamingHandler streaming = req -> {
      long n = req.body().transferTo(java.io.OutputStream.nullOutputStream());
      return StreamingResponse.of(HttpResponseStatus.OK, new DefaultHttpHeaders(), ("read " + n).getBytes(StandardCharsets.UTF_8));
    };
    List<RawHttp> uploads = new ArrayList<>();
    ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
    try (HttpServer server = new HttpServer("slow-upload-test", new InetSocketAddress("127.0.0.1", 0),
        List.of(new HttpServer.Route("/q", req -> Responses.text(HttpResponseStatus.OK, "control")),
            HttpServer.Route.streaming("/s", streaming)), 1024 * 1024, workers).start()) {
      // Four times as many small uploads as there are threads, each declaring 1000 bytes and sending one
      // a while; and as many large ones as threads, stalled after their first 100 KiB.
      for (int i = 0; i < 4 * workers; i++) {
        uploads.add(new RawHttp(server.port()).send("PUT /s/small" + i + " HTTP/1.1\r\nHost: x\r\n"
            + "Content-Length: 1000\r\n\r\n"));
      }
      for (int i = 0; i < workers; i++) {
        uploads.add(new RawHttp(server.port()).send("PUT /s/large" + i + " HTTP/1.1\r\nHost: x\r\n"
            + "Content-Length: 10000000\r\n\r\n").send(new byte[100 * 1024]));
      }
      dribbler.scheduleAtFixedRate(() -> uploads.forEach(u -> {
        try {
          u.send(new byte[1]);
        } catch (java.io.IOException e) {
          // a refused upload: nothing to dribble
        }
      }), 0, 200, TimeUnit.MILLISECONDS);
      Thread.sleep(1000);

      for (int round = 0; round < 3; round++) {
        try (RawHttp c = new RawHttp(server.port()).timeout(2000)) {
          long t0 = System.nanoTime();
          c.send("GET /q HTTP/1.1\r\nHost: x\r\n\r\n");
          RawHttp.Answer control = c.read();
          c.send("GET /s/object HTTP/1.1\r\nHost: x\r\n\r\n");
          RawHttp.Answer get = c.read();
          long ms = (System.nanoTime() - t0) / 1_000_000;
          assertThat(control.status()).as("a control-plane request among slow uploads").isEqualTo(200);
          assertThat(control.text()).isEqualTo("control");
          assertThat(get.status()).as("a bodiless streaming request among slow uploads").isEqualTo(200);
          assertThat(get.text()).isEqualTo("read 0");
          assertThat(ms).as("both answered promptly").isLessThan(1500);
        }
      }
      // A small upload, once whole, is handled as any other.
      RawHttp first = uploads.get(0);
      dribbler.shutdownNow();
      dribbler.awaitTermination(5, TimeUnit.SECONDS);
      first.send(new byte[1000]);
      RawHttp.Answer done = first.read();
      assertThat(done.status()).isEqualTo(200);
      assertThat(done.text()).isEqualTo("read 1000");
    } finally {
      dribbler.shutdownNow();
      for (RawHttp u : uploads) {
        u.close();
      }
    }
  }
}
