package org.eucalyptus.walrus;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.S3SigV2;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Virtual-hosted requests ({@code <bucket>.<WALRUS_DOMAIN>}) with the SDK's default addressing,
 * on Walrus's root port and under /services/Walrus, and with S3 Signature V2 (which signs /bucket/key).
 */
@IntegrationTest
class VirtualHostTest {
  static final AccessKeyOwner OWNER =
      new AccessKeyOwner("AKIAVHOST00000000000", "vhost-secret", "333333333333", "vh", "u3", "admin", false);
  static final String DOMAIN = "walrus.test.internal";

  @TempDir Path tmp;
  Walrus walrus;
  HttpServer server;
  HttpServer root;

  @BeforeEach
  void start() throws Exception {
    EucaConf conf = EucaConf.of(Map.of("WALRUS_STORAGE_DIR", tmp.toString(), "WALRUS_ROOT_PORT", "0",
        "WALRUS_BIND_ADDR", "127.0.0.1", "WALRUS_DOMAIN", DOMAIN));
    walrus = new Walrus(conf, id -> id.equals(OWNER.accessKeyId()) ? Optional.of(OWNER) : Optional.empty());
    server = new HttpServer("walrus-vh", new InetSocketAddress("127.0.0.1", 0), walrus.routes()).start();
    root = walrus.startRootServer(conf);
  }

  @AfterEach
  void stop() {
    root.close();
    server.close();
    walrus.close();
  }

  /** The SDK addressing buckets by host name; every name under the domain resolves to loopback. */
  static S3Client virtualHosted(String endpoint) {
    return S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(OWNER.accessKeyId(), OWNER.secretKey())))
        .httpClient(Apache5HttpClient.builder()
            .dnsResolver(new LoopbackDns()).build())
        .build();
  }

  @Test
  void sdkWithVirtualHostedBucketsOnTheRootPort() {
    try (S3Client s3 = virtualHosted("http://" + DOMAIN + ":" + root.port())) {
      s3.createBucket(b -> b.bucket("vhost-bucket"));
      s3.putObject(r -> r.bucket("vhost-bucket").key("dir/a b.txt"), RequestBody.fromString("by host name"));
      assertThat(s3.getObjectAsBytes(r -> r.bucket("vhost-bucket").key("dir/a b.txt")).asUtf8String())
          .isEqualTo("by host name");
      assertThat(s3.listObjectsV2(r -> r.bucket("vhost-bucket").prefix("dir/")).contents())
          .extracting(o -> o.key()).containsExactly("dir/a b.txt");
      s3.deleteObject(r -> r.bucket("vhost-bucket").key("dir/a b.txt"));
      s3.deleteBucket(r -> r.bucket("vhost-bucket"));
      assertThat(s3.listBuckets().buckets()).isEmpty();
    }
  }

  @Test
  void sdkWithVirtualHostedBucketsUnderTheServicePath() {
    try (S3Client s3 = virtualHosted("http://" + DOMAIN + ":" + server.port() + "/services/Walrus")) {
      s3.createBucket(b -> b.bucket("vhost-path"));
      s3.putObject(r -> r.bucket("vhost-path").key("k"), RequestBody.fromString("under the path"));
      assertThat(s3.getObjectAsBytes(r -> r.bucket("vhost-path").key("k")).asUtf8String()).isEqualTo("under the path");
    }
  }

  @Test
  void signatureV2CoversTheBucketFromTheHostName() throws Exception {
    try (S3Client s3 = virtualHosted("http://" + DOMAIN + ":" + root.port())) {
      s3.createBucket(b -> b.bucket("v2-bucket"));
      s3.putObject(r -> r.bucket("v2-bucket").key("note"), RequestBody.fromString("signed the old way"));
    }
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
    DefaultHttpHeaders h = new DefaultHttpHeaders();
    String toSign = S3SigV2.stringToSign("GET", h, date, "/v2-bucket/note", Map.of());
    String good = get("v2-bucket." + DOMAIN, "/note", date, S3SigV2.sign(OWNER.secretKey(), toSign));
    assertThat(good).startsWith("HTTP/1.1 200").endsWith("signed the old way");
    // Signed over the path alone, it does not match.
    String wrong = get("v2-bucket." + DOMAIN, "/note", date,
        S3SigV2.sign(OWNER.secretKey(), S3SigV2.stringToSign("GET", h, date, "/note", Map.of())));
    assertThat(wrong).startsWith("HTTP/1.1 403").contains("<Code>SignatureDoesNotMatch</Code>");
  }

  private String get(String host, String path, String date, String signature) throws Exception {
    try (Socket s = new Socket("127.0.0.1", root.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + root.port() + "\r\nDate: " + date
          + "\r\nAuthorization: AWS " + OWNER.accessKeyId() + ":" + signature + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String resp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return resp.strip();
    }
  }
}
