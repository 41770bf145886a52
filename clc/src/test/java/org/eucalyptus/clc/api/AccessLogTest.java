package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.QuerySigner;
import org.eucalyptus.common.auth.SigV2;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.http.HttpSettings;
import org.eucalyptus.common.http.Responses;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access log: one line per request, with who made it, which action, the status and the error
 * code, and never a signature or a secret key.
 */
@IntegrationTest
class AccessLogTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path tmp;

  /** Sends the access log's lines to {@code file} (the test configuration turns the logger off). */
  private static AutoCloseable accessLogTo(Path file) {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration cfg = ctx.getConfiguration();
    FileAppender appender = FileAppender.newBuilder().setName("access-test").setFileName(file.toString())
        .setLayout(PatternLayout.newBuilder().setPattern("%msg%n").setConfiguration(cfg).build())
        .setConfiguration(cfg).build();
    appender.start();
    LoggerConfig logger = new LoggerConfig("eucalyptus.access", Level.INFO, false);
    logger.addAppender(appender, Level.INFO, null);
    LoggerConfig before = cfg.getLoggers().get("eucalyptus.access");
    cfg.removeLogger("eucalyptus.access"); // adding does not replace
    cfg.addLogger("eucalyptus.access", logger);
    ctx.updateLoggers();
    return () -> {
      cfg.removeLogger("eucalyptus.access");
      if (before != null) {
        cfg.addLogger("eucalyptus.access", before);
      }
      ctx.updateLoggers();
      appender.stop();
    };
  }

  @Test
  @SuppressWarnings("try") // the log capture is held open for the block, never called
  void eachRequestIsOneLineWithoutSecrets() throws Exception {
    Path log = tmp.resolve("access.log");
    try (ClcApiFixture f = new ClcApiFixture(tmp.resolve("clc")); AutoCloseable capture = accessLogTo(log)) {
      AccessKeyOwner admin = f.newAccount("logged");
      String base = f.base();
      // A signed request that succeeds (Signature V4, in the Authorization header).
      String body = QuerySigner.formBody(Map.of("Action", "DescribeAvailabilityZones", "Version", "2013-02-01"));
      URI ec2 = URI.create(base + "/services/Eucalyptus");
      HttpRequest.Builder post = HttpRequest.newBuilder(ec2).POST(HttpRequest.BodyPublishers.ofString(body));
      new QuerySigner(admin.accessKeyId(), admin.secretKey(), "eucalyptus", "ec2").sign(ec2, body, Instant.now())
          .forEach(post::header);
      assertThat(HTTP.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

      // A refused one: Signature V2 in the query string, made with the wrong secret.
      Map<String, String> p = new LinkedHashMap<>();
      p.put("Action", "DescribeRegions");
      p.put("Version", "2013-02-01");
      p.put("AWSAccessKeyId", admin.accessKeyId());
      p.put("SignatureVersion", "2");
      p.put("SignatureMethod", "HmacSHA256");
      p.put("Timestamp", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC)
          .format(Instant.now()));
      String signature = SigV2.sign("not-the-secret", "HmacSHA256",
          SigV2.stringToSign("GET", "127.0.0.1:" + f.server.port(), "/services/Eucalyptus", p));
      p.put("Signature", signature);
      HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/services/Eucalyptus?"
          + QuerySigner.formBody(p))).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);

      // Metadata asked for by an address that is no instance's: not found.
      assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/latest/meta-data/instance-id")).GET().build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

      List<String> lines = awaitLines(log, 3);
      assertThat(lines).hasSize(3);
      // time client server principal service action status error bytes-in bytes-out ms
      String[] ok = lines.get(0).split(" ");
      assertThat(ok).hasSize(11);
      assertThat(Instant.parse(ok[0])).isBetween(Instant.now().minusSeconds(60), Instant.now());
      assertThat(ok[1]).startsWith("127.0.0.1:");
      assertThat(ok[2]).isEqualTo("clc-test");
      assertThat(ok[3]).isEqualTo(admin.accessKeyId());
      assertThat(ok[4]).isEqualTo("ec2");
      assertThat(ok[5]).isEqualTo("DescribeAvailabilityZones");
      assertThat(ok[6]).isEqualTo("200");
      assertThat(ok[7]).isEqualTo("-");
      assertThat(Long.parseLong(ok[8])).isEqualTo(body.length());
      assertThat(Long.parseLong(ok[9])).isPositive();
      assertThat(Long.parseLong(ok[10])).isNotNegative();

      String[] no = lines.get(1).split(" ");
      assertThat(no[3]).as("no principal for a signature that does not verify").isEqualTo("-");
      assertThat(no[4]).isEqualTo("ec2");
      assertThat(no[5]).isEqualTo("DescribeRegions");
      assertThat(no[6]).isEqualTo("401");
      assertThat(no[7]).isEqualTo("AuthFailure");
      assertThat(no[8]).isEqualTo("0");

      String[] meta = lines.get(2).split(" ");
      assertThat(meta[4]).isEqualTo("metadata");
      assertThat(lines.get(2)).contains("\"GET /latest/meta-data/instance-id\" 404 ");

      String all = String.join("\n", lines);
      assertThat(all).doesNotContain(admin.secretKey()).doesNotContain(signature)
          .doesNotContain(java.net.URLEncoder.encode(signature, java.nio.charset.StandardCharsets.UTF_8))
          .doesNotContain("Signature").doesNotContain("AWS4-HMAC-SHA256");
    }
  }

  @Test
  @SuppressWarnings("try") // the log capture is held open for the block, never called
  void connectionsRefusedOverTheCapAreLoggedToo() throws Exception {
    Path log = tmp.resolve("access.log");
    HttpSettings oneConnection = new HttpSettings(Duration.ofSeconds(30), Duration.ofSeconds(30),
        Duration.ofSeconds(30), 1, 1);
    try (AutoCloseable capture = accessLogTo(log);
        HttpServer server = new HttpServer("capped-test", new InetSocketAddress("127.0.0.1", 0),
            List.of(new HttpServer.Route("/services/Eucalyptus", req -> Responses.text(HttpResponseStatus.OK, "ok"))),
            1024, 4, oneConnection).start();
        Socket admitted = new Socket("127.0.0.1", server.port())) {
      admitted.setSoTimeout(10_000);
      admitted.getOutputStream().write(request("/services/Eucalyptus?Action=DescribeRegions"));
      assertThat(new String(admitted.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
          .isEqualTo("HTTP/1.1 200");
      // Over the cap: one that sends nothing, and one that sends a request (with a signature in its query).
      String idle;
      try (Socket c = new Socket("127.0.0.1", server.port())) {
        c.setSoTimeout(10_000);
        idle = "127.0.0.1:" + c.getLocalPort();
        assertThat(new String(c.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 503");
      }
      String asking;
      try (Socket c = new Socket("127.0.0.1", server.port())) {
        c.setSoTimeout(10_000);
        asking = "127.0.0.1:" + c.getLocalPort();
        c.getOutputStream().write(request("/services/Eucalyptus?Action=DescribeRegions&Signature=s3cr3t"));
        assertThat(new String(c.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 503");
      }
      List<String> lines = awaitLines(log, 3);
      assertThat(lines).as("the admitted request's line and each refusal's").hasSize(3);
      Map<String, String[]> byClient = new LinkedHashMap<>();
      lines.forEach(l -> byClient.put(l.split(" ")[1], l.split(" ")));
      // time client server principal service action status error bytes-in bytes-out ms
      String[] quiet = byClient.get(idle);
      assertThat(quiet).as(String.join("\n", lines)).isNotNull().hasSize(11);
      assertThat(quiet[2]).isEqualTo("capped-test");
      assertThat(quiet[5]).isEqualTo("-");
      assertThat(quiet[6]).isEqualTo("503");
      assertThat(quiet[7]).isEqualTo("ConnectionLimit");
      assertThat(quiet[8]).isEqualTo("0");
      assertThat(Long.parseLong(quiet[9])).isPositive();
      String[] loud = byClient.get(asking);
      assertThat(loud).as(String.join("\n", lines)).isNotNull();
      // Its request line as the action, when it was there as the connection was refused; never the query string.
      assertThat(String.join(" ", loud)).containsAnyOf(" - - - 503 ConnectionLimit ",
          " - - \"GET /services/Eucalyptus\" 503 ConnectionLimit ");
      assertThat(String.join("\n", lines)).doesNotContain("s3cr3t").doesNotContain("Signature");
    }
  }

  private static byte[] request(String uri) {
    return ("GET " + uri + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** The log's lines once there are {@code n} (each is written once its answer has gone out). */
  private static List<String> awaitLines(Path log, int n) throws Exception {
    for (int i = 0; i < 50; i++) {
      if (Files.exists(log) && Files.readAllLines(log).size() >= n) {
        break;
      }
      Thread.sleep(100);
    }
    return Files.readAllLines(log);
  }
}
