package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eucalyptus.testfixtures.IntegrationTest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.QuerySigner;
import org.eucalyptus.common.auth.SigV2;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

/**
 * The EC2 Query front end on its own (no cluster registered): signatures, versions and the error
 * documents, driven by the AWS SDK for Java and by hand-made Signature V2 requests as euca2ools sends.
 */
@IntegrationTest
class Ec2QueryApiTest {
  @TempDir static Path dataDir;
  static ClcApiFixture fixture;
  static CloudController clc;
  static HttpServer server;
  static AccessKeyOwner admin;
  static String base;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    fixture = new ClcApiFixture(dataDir);
    clc = fixture.clc;
    server = fixture.server;
    admin = clc.admin();
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(fixture);
  }

  static Ec2Client sdk(String accessKey, String secret) {
    return Ec2Client.builder()
        .endpointOverride(URI.create(base + "/services/Eucalyptus"))
        .region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
        .httpClient(Apache5HttpClient.create())
        .build();
  }

  @Test
  void theSdkDescribesRegionsAndZones() {
    try (Ec2Client ec2 = sdk(admin.accessKeyId(), admin.secretKey())) {
      assertThat(ec2.describeRegions().regions()).extracting(r -> r.regionName()).containsExactly("eucalyptus", "Walrus");
      assertThat(ec2.describeRegions().regions().get(0).endpoint()).isEqualTo(base + "/services/Eucalyptus");
      assertThat(ec2.describeAvailabilityZones().availabilityZones()).isEmpty();
    }
  }

  @Test
  void aWrongSecretIsAuthFailure() {
    try (Ec2Client ec2 = sdk(admin.accessKeyId(), "not-the-secret")) {
      assertThatThrownBy(ec2::describeAvailabilityZones).isInstanceOfSatisfying(Ec2Exception.class, e -> {
        assertThat(e.awsErrorDetails().errorCode()).as(e + " / " + e.awsErrorDetails()).isEqualTo("AuthFailure");
        assertThat(e.statusCode()).isEqualTo(401);
      });
    }
    try (Ec2Client ec2 = sdk("AKINOSUCHKEY00000000", "x")) {
      assertThatThrownBy(ec2::describeRegions).isInstanceOfSatisfying(Ec2Exception.class,
          e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthFailure"));
    }
  }

  /**
   * More ids than one database statement can bind (PostgreSQL takes 32,767 parameters) get a clear
   * EC2 error, not an internal one; a long list within the limit is answered as any other.
   */
  @Test
  void aRequestWithTooManyParametersIsRefusedClearly() {
    List<String> ids = java.util.stream.IntStream.range(0, 40_000).mapToObj(i -> String.format("i-%08x", i)).toList();
    try (Ec2Client ec2 = sdk(admin.accessKeyId(), admin.secretKey())) {
      assertThatThrownBy(() -> ec2.describeInstances(r -> r.instanceIds(ids))).isInstanceOfSatisfying(Ec2Exception.class,
          e -> {
            assertThat(e.awsErrorDetails().errorCode()).as(e.awsErrorDetails().toString()).isEqualTo("InvalidParameterValue");
            assertThat(e.awsErrorDetails().errorMessage()).contains("10000");
            assertThat(e.statusCode()).isEqualTo(400);
          });
      assertThatThrownBy(() -> ec2.describeInstances(r -> r.instanceIds(ids.subList(0, 5_000))))
          .isInstanceOfSatisfying(Ec2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound"));
    }
  }

  @Test
  void badParametersGetEc2ErrorCodes() {
    try (Ec2Client ec2 = sdk(admin.accessKeyId(), admin.secretKey())) {
      assertThatThrownBy(() -> ec2.runInstances(RunInstancesRequest.builder().minCount(1).maxCount(1).build()))
          .isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingParameter");
            assertThat(e.statusCode()).isEqualTo(400);
          });
      assertThatThrownBy(() -> ec2.runInstances(r -> r.imageId("emi-00000000").minCount(2).maxCount(1)))
          .isInstanceOfSatisfying(Ec2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
      assertThatThrownBy(() -> ec2.runInstances(r -> r.imageId("emi-00000000").minCount(1).maxCount(1)))
          .isInstanceOfSatisfying(Ec2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAMIID.NotFound"));
      assertThatThrownBy(() -> ec2.runInstances(r -> r.imageId("ami-bad").minCount(1).maxCount(1)))
          .isInstanceOfSatisfying(Ec2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAMIID.Malformed"));
      assertThatThrownBy(() -> ec2.runInstances(r -> r.imageId("emi-00000000").instanceType("m9.huge")
              .minCount(1).maxCount(1)))
          .isInstanceOfSatisfying(Ec2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
      assertThatThrownBy(() -> ec2.describeInstances(r -> r.instanceIds("i-nothex!")))
          .isInstanceOfSatisfying(Ec2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.Malformed"));
      assertThatThrownBy(() -> ec2.terminateInstances(r -> r.instanceIds("i-12345678")))
          .isInstanceOfSatisfying(Ec2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound"));
      assertThatThrownBy(() -> ec2.describeInstances(r -> r
          .filters(Filter.builder().name("no-such-filter").values("x").build())))
          .isInstanceOfSatisfying(Ec2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
    }
  }

  @Test
  void signatureVersion2RequestsAsEuca2oolsSendsThem() throws Exception {
    for (String method : new String[] {"HmacSHA256", "HmacSHA1"}) {
      HttpResponse<String> r = v2Get(Map.of("Action", "DescribeAvailabilityZones", "Version", "2009-11-30"), method,
          admin.secretKey(), Instant.now());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("<DescribeAvailabilityZonesResponse xmlns=\"http://ec2.amazonaws.com/doc/2009-11-30/\">");
    }
    HttpResponse<String> bad = v2Get(Map.of("Action", "DescribeRegions", "Version", "2010-08-31"), "HmacSHA256",
        "wrong", Instant.now());
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.body()).contains("<Code>AuthFailure</Code>").contains("<RequestID>");
    HttpResponse<String> stale = v2Get(Map.of("Action", "DescribeRegions", "Version", "2010-08-31"), "HmacSHA256",
        admin.secretKey(), Instant.now().minusSeconds(3600));
    assertThat(stale.body()).contains("<Code>RequestExpired</Code>");
  }

  @Test
  void unknownActionsVersionsAndUnsignedRequests() throws Exception {
    HttpResponse<String> unknown = v4Post(Map.of("Action", "LaunchRockets", "Version", "2012-05-01"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).startsWith("<?xml").contains("<Response><Errors><Error><Code>InvalidAction</Code>");
    HttpResponse<String> future = v4Post(Map.of("Action", "DescribeRegions", "Version", "2099-01-01"));
    assertThat(future.body()).contains("<Code>InvalidParameterValue</Code>");
    HttpResponse<String> newest = v4Post(Map.of("Action", "DescribeRegions", "Version", "2016-11-15"));
    assertThat(newest.statusCode()).isEqualTo(200);
    HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(URI.create(base
        + "/services/Eucalyptus?Action=DescribeRegions&Version=2012-05-01")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(unsigned.body()).contains("<Code>AuthFailure</Code>");
    assertThat(unsigned.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("xml"));
  }

  @Test
  void presignedSignatureVersion4Urls() throws Exception {
    URI presigned = presign(Duration.ofMinutes(5), Clock.systemUTC());
    HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(presigned).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("<regionName>eucalyptus</regionName>");

    // Signed ten seconds ago to last one second: expired when it arrives, with no wait.
    URI shortLived = presign(Duration.ofSeconds(1), Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-10)));
    HttpResponse<String> expired = HTTP.send(HttpRequest.newBuilder(shortLived).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(expired.body()).contains("<Code>RequestExpired</Code>");

    URI tampered = URI.create(presigned.toString().replace("DescribeRegions", "DescribeInstances"));
    HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(tampered).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(401);
  }

  private static URI presign(Duration expiry, Clock signingClock) {
    SdkHttpRequest req = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
        .uri(URI.create(base + "/services/Eucalyptus?Action=DescribeRegions&Version=2016-11-15")).build();
    return AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(admin.accessKeyId(), admin.secretKey()))
        .request(req)
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ec2")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "eucalyptus")
        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expiry)
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, signingClock))
        .request().getUri();
  }

  private HttpResponse<String> v4Post(Map<String, String> params) throws Exception {
    String body = QuerySigner.formBody(params);
    URI uri = URI.create(base + "/services/Eucalyptus");
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    new QuerySigner(admin.accessKeyId(), admin.secretKey(), "eucalyptus", "ec2").sign(uri, body, Instant.now())
        .forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> v2Get(Map<String, String> action, String method, String secret, Instant when)
      throws Exception {
    Map<String, String> p = new LinkedHashMap<>(action);
    p.put("AWSAccessKeyId", admin.accessKeyId());
    p.put("SignatureVersion", "2");
    p.put("SignatureMethod", method);
    p.put("Timestamp", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC).format(when));
    String host = "127.0.0.1:" + server.port();
    p.put("Signature", SigV2.sign(secret, method, SigV2.stringToSign("GET", host, "/services/Eucalyptus", p)));
    URI uri = URI.create(base + "/services/Eucalyptus?" + QuerySigner.formBody(p));
    return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
