package org.eucalyptus.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.common.http.InboundRequest;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** AWS's published signature examples, checked through the same verifier the services use. */
@UnitTest
class SignatureVectorsTest {
  // The AWS Signature Version 4 test suite's credentials.
  private static final String SUITE_KEY = "AKIDEXAMPLE";
  private static final String SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  // The credentials of the S3 and Signature Version 2 documentation examples.
  private static final String DOC_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String DOC_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private static final SecretKeyResolver KEYS = id -> switch (id) {
    case SUITE_KEY -> Optional.of(new AccessKeyOwner(id, SUITE_SECRET, "000000000001", "suite", "u1", "admin", false));
    case DOC_KEY -> Optional.of(new AccessKeyOwner(id, DOC_SECRET, "000000000002", "doc", "u2", "admin", false));
    default -> Optional.empty();
  };

  private static RequestAuthenticator at(String isoInstant) {
    return new RequestAuthenticator(KEYS, Clock.fixed(Instant.parse(isoInstant), ZoneOffset.UTC), Duration.ofMinutes(15));
  }

  private static InboundRequest request(String method, String uri, HttpHeaders headers, byte[] body) {
    int q = uri.indexOf('?');
    return new InboundRequest(method, uri, q < 0 ? uri : uri.substring(0, q), q < 0 ? "" : uri.substring(q + 1),
        headers, body, new InetSocketAddress("127.0.0.1", 1), new InetSocketAddress("127.0.0.1", 2));
  }

  @Test
  void v4GetVanillaFromTheTestSuite() throws Exception {
    String expected = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
    String canonical = SigV4.canonicalRequest("GET", SigV4.canonicalUri("/", false), "",
        "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n", "host;x-amz-date", Crypto.sha256Hex(new byte[0]));
    String sts = SigV4.stringToSign("20150830T123600Z", SigV4.scope("20150830", "us-east-1", "service"), canonical);
    assertThat(SigV4.signature(SigV4.signingKey(SUITE_SECRET, "20150830", "us-east-1", "service"), sts))
        .isEqualTo(expected);

    HttpHeaders h = new DefaultHttpHeaders()
        .add("Host", "example.amazonaws.com")
        .add("X-Amz-Date", "20150830T123600Z")
        .add("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=" + expected);
    AccessKeyOwner owner = at("2015-08-30T12:40:00Z").authenticate(request("GET", "/", h, new byte[0]), List.of(),
        Map.of(), false);
    assertThat(owner.accountNumber()).isEqualTo("000000000001");

    h.set("Authorization", h.get("Authorization").replace(expected, expected.replace('5', '6')));
    assertThatThrownBy(() -> at("2015-08-30T12:40:00Z").authenticate(request("GET", "/", h, new byte[0]), List.of(),
        Map.of(), false))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.reason()).isEqualTo(AuthException.Reason.BAD_SIGNATURE));
  }

  @Test
  void v4RejectsAStaleRequest() {
    HttpHeaders h = new DefaultHttpHeaders()
        .add("Host", "example.amazonaws.com")
        .add("X-Amz-Date", "20150830T123600Z")
        .add("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    assertThatThrownBy(() -> at("2015-08-30T13:00:00Z").authenticate(request("GET", "/", h, new byte[0]), List.of(),
        Map.of(), false))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.reason()).isEqualTo(AuthException.Reason.EXPIRED));
  }

  @Test
  void v4S3GetObjectExampleFromTheS3Documentation() throws Exception {
    String expected = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
    String empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    HttpHeaders h = new DefaultHttpHeaders()
        .add("Host", "examplebucket.s3.amazonaws.com")
        .add("Range", "bytes=0-9")
        .add("x-amz-content-sha256", empty)
        .add("x-amz-date", "20130524T000000Z")
        .add("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=" + expected);
    AccessKeyOwner owner = at("2013-05-24T00:05:00Z").authenticate(request("GET", "/test.txt", h, new byte[0]),
        List.of(), Map.of(), true);
    assertThat(owner.accessKeyId()).isEqualTo(DOC_KEY);
  }

  @Test
  void v4RejectsABodyThatDoesNotMatchItsDeclaredHash() {
    HttpHeaders h = new DefaultHttpHeaders()
        .add("Host", "examplebucket.s3.amazonaws.com")
        .add("x-amz-content-sha256", Crypto.sha256Hex("the body that was signed"))
        .add("x-amz-date", "20130524T000000Z")
        .add("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            + "SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=00");
    assertThatThrownBy(() -> at("2013-05-24T00:05:00Z").authenticate(
        request("PUT", "/test.txt", h, "another body".getBytes(StandardCharsets.UTF_8)), List.of(), Map.of(), true))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.reason()).isEqualTo(AuthException.Reason.BAD_SIGNATURE));
  }

  @Test
  void v2ExampleFromTheSignatureVersion2Documentation() throws Exception {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("Action", "DescribeJobFlows");
    params.put("Version", "2009-03-31");
    params.put("AWSAccessKeyId", DOC_KEY);
    params.put("SignatureVersion", "2");
    params.put("SignatureMethod", "HmacSHA256");
    params.put("Timestamp", "2011-10-03T15:19:30");
    String sts = SigV2.stringToSign("GET", "elasticmapreduce.amazonaws.com", "/", params);
    assertThat(sts).isEqualTo("GET\nelasticmapreduce.amazonaws.com\n/\nAWSAccessKeyId=AKIAIOSFODNN7EXAMPLE"
        + "&Action=DescribeJobFlows&SignatureMethod=HmacSHA256&SignatureVersion=2"
        + "&Timestamp=2011-10-03T15%3A19%3A30&Version=2009-03-31");
    assertThat(SigV2.sign(DOC_SECRET, "HmacSHA256", sts)).isEqualTo("i91nKc4PWAt0JJIdXwz9HxZCJDdiy6cf/Mj6vPxyYIs=");

    params.put("Signature", "i91nKc4PWAt0JJIdXwz9HxZCJDdiy6cf/Mj6vPxyYIs=");
    List<Map.Entry<String, String>> query = new ArrayList<>();
    params.forEach((k, v) -> query.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
    HttpHeaders h = new DefaultHttpHeaders().add("Host", "elasticmapreduce.amazonaws.com");
    AccessKeyOwner owner = at("2011-10-03T15:20:00Z").authenticate(request("GET", "/", h, new byte[0]), query, params,
        false);
    assertThat(owner.accessKeyId()).isEqualTo(DOC_KEY);

    params.put("Action", "TerminateJobFlows");
    assertThatThrownBy(() -> at("2011-10-03T15:20:00Z").authenticate(request("GET", "/", h, new byte[0]), query,
        params, false))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.reason()).isEqualTo(AuthException.Reason.BAD_SIGNATURE));
  }

  @Test
  void s3SignatureVersion2ExamplesFromTheS3Documentation() throws Exception {
    HttpHeaders get = new DefaultHttpHeaders()
        .add("Host", "johnsmith.s3.amazonaws.com")
        .add("Date", "Tue, 27 Mar 2007 19:36:42 +0000")
        .add("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=");
    assertThat(at("2007-03-27T19:40:00Z").authenticate(request("GET", "/johnsmith/photos/puppy.jpg", get, new byte[0]),
        List.of(), Map.of(), true).accessKeyId()).isEqualTo(DOC_KEY);

    HttpHeaders put = new DefaultHttpHeaders()
        .add("Content-Type", "image/jpeg")
        .add("Date", "Tue, 27 Mar 2007 21:15:45 +0000")
        .add("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:MyyxeRY7whkBe+bq8fHCL/2kKUg=");
    assertThat(at("2007-03-27T21:16:00Z").authenticate(request("PUT", "/johnsmith/photos/puppy.jpg", put,
        new byte[0]), List.of(), Map.of(), true).accessKeyId()).isEqualTo(DOC_KEY);

    // The same signature on another resource does not pass.
    assertThatThrownBy(() -> at("2007-03-27T21:16:00Z").authenticate(request("PUT", "/johnsmith/photos/kitten.jpg",
        put, new byte[0]), List.of(), Map.of(), true))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.reason()).isEqualTo(AuthException.Reason.BAD_SIGNATURE));
    assertThat(S3SigV2.stringToSign("GET", new DefaultHttpHeaders(), "Tue, 27 Mar 2007 19:42:41 +0000", "/johnsmith/",
        Map.of("acl", List.of(""), "prefix", List.of("x")))).endsWith("\n/johnsmith/?acl");
  }

  @Test
  void unknownKeyAndMissingSignatureAreToldApart() {
    HttpHeaders h = new DefaultHttpHeaders().add("Host", "h");
    assertThatThrownBy(() -> at("2011-10-03T15:20:00Z").authenticate(request("GET", "/", h, new byte[0]), List.of(),
        Map.of("Action", "X"), false))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.reason()).isEqualTo(AuthException.Reason.MISSING));
    Map<String, String> params = Map.of("AWSAccessKeyId", "NOPE", "Signature", "x", "SignatureVersion", "2",
        "SignatureMethod", "HmacSHA1", "Timestamp", "2011-10-03T15:19:30Z");
    assertThatThrownBy(() -> at("2011-10-03T15:20:00Z").authenticate(request("GET", "/", h, new byte[0]), List.of(),
        params, false))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.reason()).isEqualTo(AuthException.Reason.UNKNOWN_KEY));
  }

  @Test
  void ourOwnSignerIsAcceptedByOurVerifier() throws Exception {
    QuerySigner signer = new QuerySigner(SUITE_KEY, SUITE_SECRET, "eucalyptus", "ec2");
    String body = QuerySigner.formBody(Map.of("Action", "DescribeRegions", "Version", "2012-05-01"));
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Map<String, String> signed = signer.sign(java.net.URI.create("http://127.0.0.1:8773/services/Eucalyptus"), body, now);
    HttpHeaders h = new DefaultHttpHeaders().add("Host", "127.0.0.1:8773");
    signed.forEach(h::add);
    AccessKeyOwner owner = new RequestAuthenticator(KEYS, Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(15))
        .authenticate(request("POST", "/services/Eucalyptus", h, body.getBytes(StandardCharsets.UTF_8)), List.of(), Map.of(), false);
    assertThat(owner.accessKeyId()).isEqualTo(SUITE_KEY);
  }
}
