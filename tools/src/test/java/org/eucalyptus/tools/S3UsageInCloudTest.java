package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.EucaCertAuth;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 usage, end to end in one cloud: Walrus counts the requests naming a bucket and reports its bytes
 * (GetWalrusUsage, to the cloud controller's certificate only), the CLC's recorder reads them every
 * round, and {@code euca-admin report} shows the bucket's byte-hours and requests.
 */
@IntegrationTest
class S3UsageInCloudTest {
  @TempDir static Path tmp;
  static CloudMain cloud;
  static AccessKeyOwner owner;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString(), "CLC_USAGE_INTERVAL_SEC", "1")));
    cloud.clc().identity().createAccount("storage");
    owner = cloud.clc().identity().createAccessKey("storage", "admin");
  }

  @AfterAll
  static void stop() {
    if (cloud != null) {
      cloud.close();
    }
  }

  String walrus() {
    return "http://127.0.0.1:" + cloud.port() + "/services/Walrus";
  }

  HttpResponse<String> usage(String hour, X509Certificate cert, PrivateKey key) throws Exception {
    URI uri = URI.create(walrus() + "/usage/" + hour);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().header("EucaOperation", "GetWalrusUsage");
    if (cert != null) {
      EucaCertAuth.sign("GET", uri.getRawPath(), cert, key, Instant.now()).forEach(b::header);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aBucketsBytesAndRequestsReachTheReport() throws Exception {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    try (S3Client s3 = s3()) {
      s3.createBucket(b -> b.bucket("usage-bucket"));
      for (int i = 1; i <= 3; i++) {
        int size = 1000 * i;
        s3.putObject(r -> r.bucket("usage-bucket").key("o" + size), RequestBody.fromBytes(new byte[size]));
      }
      for (int i = 0; i < 4; i++) {
        s3.getObjectAsBytes(r -> r.bucket("usage-bucket").key("o1000"));
      }
      s3.listObjectsV2(r -> r.bucket("usage-bucket"));
    }
    long requests = 1 + 3 + 4 + 1;

    // Walrus tells the cloud controller (the cloud CA's own certificate) and no one else.
    CloudCa ca = cloud.clc().ca();
    HttpResponse<String> told = usage(Long.toString(hour.getEpochSecond()), ca.certificate(), ca.privateKey());
    assertThat(told.statusCode()).isEqualTo(200);
    assertThat(told.body()).contains("<Name>usage-bucket</Name>", "<OwnerAccount>" + owner.accountNumber() + "<",
        "<Bytes>6000</Bytes>", "<Objects>3</Objects>");
    // (Summed: the requests may fall into two hours, when the test runs across the turn of one.)
    assertThat(requestsIn(told.body())).isEqualTo(requests);
    CloudCa.Issued node = ca.issueComponent(ComponentIdentity.NODE, "some-node");
    HttpResponse<String> asNode = usage(Long.toString(hour.getEpochSecond()), node.certificate(),
        Pem.privateKey(node.privateKeyPem()));
    assertThat(asNode.statusCode()).isEqualTo(403);
    assertThat(asNode.body()).contains("<Code>AccessDenied</Code>").doesNotContain("usage-bucket");
    HttpResponse<String> anonymous = usage(Long.toString(hour.getEpochSecond()), null, null);
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(anonymous.body()).contains("<Code>AccessDenied</Code>").doesNotContain("usage-bucket");
    HttpResponse<String> notAnHour = usage(Long.toString(hour.getEpochSecond() + 1), ca.certificate(),
        ca.privateKey());
    assertThat(notAnHour.statusCode()).isEqualTo(400);
    assertThat(notAnHour.body()).contains("<Code>InvalidArgument</Code>");

    // The recorder reads it each round (every second here); the report shows it.
    Path eucarc = cloud.clc().dataDir().resolve("eucarc");
    String from = hour.toString();
    String to = hour.plus(Duration.ofHours(2)).toString();
    String line = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      String csv = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("report", "--eucarc", eucarc.toString(),
          "--start", from, "--end", to, "--account", "storage")).isZero());
      line = csv.lines().filter(l -> l.contains(",bucket,")).findFirst().orElse("");
      if (line.endsWith("," + requests)) {
        break;
      }
      Thread.sleep(500);
    }
    String[] cells = line.split(",", -1);
    assertThat(line).as("the bucket's line of the report").endsWith("," + requests);
    assertThat(cells[0]).isEqualTo(owner.accountNumber());
    assertThat(cells[2]).isEqualTo(owner.userId());
    // Held since the bucket's making with 6,000 bytes at most: byte-hours are at most 6,000 times its hours.
    double hours = Double.parseDouble(cells[7]);
    double byteHours = Double.parseDouble(cells[11]);
    assertThat(hours).isPositive();
    assertThat(byteHours).isPositive().isLessThanOrEqualTo(6000 * hours + 1e-3);

    // Emptied and deleted: its requests, the DeleteBucket too, are still its owner's; its bytes are gone.
    try (S3Client s3 = s3()) {
      for (int i = 1; i <= 3; i++) {
        int size = 1000 * i;
        s3.deleteObject(r -> r.bucket("usage-bucket").key("o" + size));
      }
      s3.deleteBucket(b -> b.bucket("usage-bucket"));
    }
    HttpResponse<String> after = usage(Long.toString(hour.getEpochSecond()), ca.certificate(), ca.privateKey());
    assertThat(after.body()).doesNotContain("<Name>usage-bucket</Name>");
    assertThat(requestsIn(after.body())).isEqualTo(requests + 4);
  }

  static long requestsIn(String xml) {
    return java.util.regex.Pattern.compile("<Requests>([0-9]+)</Requests>").matcher(xml).results()
        .mapToLong(m -> Long.parseLong(m.group(1))).sum();
  }

  S3Client s3() {
    return S3Client.builder().endpointOverride(URI.create(walrus())).forcePathStyle(true)
        .region(Region.of("eucalyptus")).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(owner.accessKeyId(), owner.secretKey())))
        .httpClient(Apache5HttpClient.create()).build();
  }
}
