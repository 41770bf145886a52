package org.eucalyptus.walrus;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.S3SigV2;
import org.eucalyptus.common.auth.UriEncoding;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 Signature V2 as the clients users have make it, at the wire: euca2ools 3 (requestbuilder),
 * which signs {@code /bucket/key} even under {@code /services/Walrus}; boto 2, which signs the whole
 * path; presigned URLs (boto 2's generate_url, s3cmd signurl) on every operation at both places
 * Walrus is served; and anonymous reads through a virtual-host name.
 */
@IntegrationTest
class ClientSignaturesTest {
  static final AccessKeyOwner OWNER =
      new AccessKeyOwner("AKIACLIENTS000000000", "clients-secret", "444444444444", "cl", "u4", "admin", false);
  static final String DOMAIN = "walrus.clients.internal";
  static final String PREFIX = "/services/Walrus";
  /** The Date requestbuilder sends: Python's email.utils.formatdate(), with "-0000" for UTC. */
  static final DateTimeFormatter PY_FORMATDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss '-0000'", Locale.US).withZone(ZoneOffset.UTC);

  @TempDir Path tmp;
  Walrus walrus;
  HttpServer server;
  HttpServer root;

  @BeforeEach
  void start() throws Exception {
    EucaConf conf = EucaConf.of(Map.of("WALRUS_STORAGE_DIR", tmp.toString(), "WALRUS_ROOT_PORT", "0",
        "WALRUS_BIND_ADDR", "127.0.0.1", "WALRUS_DOMAIN", DOMAIN));
    walrus = new Walrus(conf, id -> id.equals(OWNER.accessKeyId()) ? Optional.of(OWNER) : Optional.empty());
    server = new HttpServer("walrus-clients", new InetSocketAddress("127.0.0.1", 0), walrus.routes()).start();
    root = walrus.startRootServer(conf);
  }

  @AfterEach
  void stop() {
    root.close();
    server.close();
    walrus.close();
  }

  /** A response as read off the socket. */
  record Wire(int status, Map<String, String> headers, String body) {
    String code() {
      int a = body.indexOf("<Code>");
      return a < 0 ? null : body.substring(a + 6, body.indexOf("</Code>"));
    }
  }

  /** One HTTP/1.1 request, sent as written (no client library in between). */
  static Wire send(int port, String method, String target, Map<String, String> headers, byte[] body)
      throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
      if (!headers.containsKey("Host")) {
        head.append("Host: 127.0.0.1:").append(port).append("\r\n");
      }
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (body.length > 0 || method.equals("PUT")) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("Connection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      String resp = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = resp.indexOf("\r\n\r\n");
      String[] lines = resp.substring(0, end).split("\r\n");
      Map<String, String> h = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int c = lines[i].indexOf(':');
        h.put(lines[i].substring(0, c).strip().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).strip());
      }
      return new Wire(Integer.parseInt(lines[0].split(" ")[1]), h, resp.substring(end + 4));
    }
  }

  /**
   * A request signed the way requestbuilder's S3 auth signs (euca2ools 3): Date from formatdate(),
   * the x-amz- headers, and {@code resource} (the path less the endpoint's path, for euca2ools).
   */
  static Wire signedV2(int port, String method, String path, String resource, Map<String, String> amzHeaders,
      byte[] body) throws Exception {
    String date = PY_FORMATDATE.format(Instant.now());
    DefaultHttpHeaders signed = new DefaultHttpHeaders();
    amzHeaders.forEach(signed::add);
    String toSign = S3SigV2.stringToSign(method, signed, date, resource, Map.of());
    Map<String, String> h = new LinkedHashMap<>(amzHeaders);
    h.put("Date", date);
    h.put("Authorization", "AWS " + OWNER.accessKeyId() + ":" + S3SigV2.sign(OWNER.secretKey(), toSign));
    return send(port, method, path, h, body);
  }

  static Wire signedV2(int port, String method, String path, String resource) throws Exception {
    return signedV2(port, method, path, resource, Map.of(), new byte[0]);
  }

  /** The query of a presigned URL as boto 2's generate_url and s3cmd signurl make it. */
  static String presign(String method, String resource, long expires) {
    String toSign = method + "\n\n\n" + expires + "\n" + resource;
    return "AWSAccessKeyId=" + OWNER.accessKeyId() + "&Expires=" + expires + "&Signature="
        + UriEncoding.encode(S3SigV2.sign(OWNER.secretKey(), toSign));
  }

  static long inAMinute() {
    return Instant.now().getEpochSecond() + 60;
  }

  @Test
  void euca2oolsSignsBundleUploadsAndDeletesWithoutTheServicePath() throws Exception {
    int port = server.port();
    // euca-upload-bundle: CheckBucket (HEAD), CreateBucket (PUT), then each part and the manifest.
    assertThat(signedV2(port, "HEAD", PREFIX + "/bundles", "/bundles").status()).isEqualTo(404);
    assertThat(signedV2(port, "PUT", PREFIX + "/bundles", "/bundles").status()).isEqualTo(200);
    assertThat(signedV2(port, "HEAD", PREFIX + "/bundles", "/bundles").status()).isEqualTo(200);
    byte[] part = "encrypted image part".getBytes(StandardCharsets.UTF_8);
    Wire put = signedV2(port, "PUT", PREFIX + "/bundles/img/disk.img.part.0", "/bundles/img/disk.img.part.0",
        Map.of("x-amz-acl", "aws-exec-read"), part);
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.headers().get("etag"))
        .isEqualTo("\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(part)) + "\"");
    Wire got = signedV2(port, "GET", PREFIX + "/bundles/img/disk.img.part.0", "/bundles/img/disk.img.part.0");
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.body()).isEqualTo("encrypted image part");
    // boto 2 signs the same request over the whole path: that form stays accepted.
    assertThat(signedV2(port, "GET", PREFIX + "/bundles/img/disk.img.part.0",
        PREFIX + "/bundles/img/disk.img.part.0").status()).isEqualTo(200);
    // Any third form is not.
    for (String other : List.of("/Walrus/bundles/img/disk.img.part.0", "/services/bundles/img/disk.img.part.0",
        "/bundles/disk.img.part.0", PREFIX + PREFIX + "/bundles/img/disk.img.part.0", "img/disk.img.part.0")) {
      Wire refused = signedV2(port, "GET", PREFIX + "/bundles/img/disk.img.part.0", other);
      assertThat(refused.status()).as(other).isEqualTo(403);
      assertThat(refused.code()).as(other).isEqualTo("SignatureDoesNotMatch");
    }
    // euca-delete-bundle: DELETE each part and the manifest, then the bucket.
    assertThat(signedV2(port, "DELETE", PREFIX + "/bundles/img/disk.img.part.0", "/bundles/img/disk.img.part.0")
        .status()).isEqualTo(204);
    assertThat(signedV2(port, "GET", PREFIX + "/bundles/img/disk.img.part.0", "/bundles/img/disk.img.part.0")
        .code()).isEqualTo("NoSuchKey");
    assertThat(signedV2(port, "DELETE", PREFIX + "/bundles", "/bundles").status()).isEqualTo(204);
  }

  @Test
  void theRootPortKeepsS3sOneForm() throws Exception {
    int port = root.port();
    assertThat(signedV2(port, "PUT", "/rooted", "/rooted").status()).isEqualTo(200);
    Wire prefixed = signedV2(port, "HEAD", "/rooted", PREFIX + "/rooted");
    assertThat(prefixed.status()).isEqualTo(403);
    Wire got = signedV2(port, "GET", "/rooted", PREFIX + "/rooted");
    assertThat(got.code()).isEqualTo("SignatureDoesNotMatch");
    // Virtual-hosted, V2 covers /bucket/key, never the path alone.
    Map<String, String> host = Map.of("Host", "rooted." + DOMAIN + ":" + port);
    String date = PY_FORMATDATE.format(Instant.now());
    for (String resource : List.of("/rooted/", "/")) {
      String sig = S3SigV2.sign(OWNER.secretKey(), S3SigV2.stringToSign("GET", new DefaultHttpHeaders(), date,
          resource, Map.of()));
      Map<String, String> h = new LinkedHashMap<>(host);
      h.put("Date", date);
      h.put("Authorization", "AWS " + OWNER.accessKeyId() + ":" + sig);
      assertThat(send(port, "GET", "/", h, new byte[0]).status()).as(resource)
          .isEqualTo(resource.equals("/rooted/") ? 200 : 403);
    }
  }

  @Test
  void presignedUrlsUnderTheServicePath() throws Exception {
    // boto 2 signs the whole path; s3cmd signurl (which knows no endpoint path) signs /bucket/key.
    presignedOperations(server.port(), PREFIX, PREFIX);
    presignedOperations(server.port(), PREFIX, "");
  }

  @Test
  void presignedUrlsOnTheRootPort() throws Exception {
    presignedOperations(root.port(), "", "");
  }

  /** Every operation a presigned URL may carry: make a bucket, put, head, get, list, ACL, delete. */
  private void presignedOperations(int port, String path, String signedPrefix) throws Exception {
    String b = "/presigned" + (signedPrefix.isEmpty() ? "-short" : "-full");
    String k = b + "/dir/a%20file.txt";
    Map<String, String> none = Map.of();
    assertThat(send(port, "PUT", path + b + "?" + presign("PUT", signedPrefix + b, inAMinute()), none, new byte[0])
        .status()).isEqualTo(200);
    Wire put = send(port, "PUT", path + k + "?" + presign("PUT", signedPrefix + k, inAMinute()), none,
        "by a presigned URL".getBytes(StandardCharsets.UTF_8));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    Wire head = send(port, "HEAD", path + k + "?" + presign("HEAD", signedPrefix + k, inAMinute()), none, new byte[0]);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.headers().get("content-length")).isEqualTo("18");
    Wire get = send(port, "GET", path + k + "?" + presign("GET", signedPrefix + k, inAMinute()), none, new byte[0]);
    assertThat(get.status()).as(get.body()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("by a presigned URL");
    Wire list = send(port, "GET", path + b + "/?" + presign("GET", signedPrefix + b + "/", inAMinute()), none,
        new byte[0]);
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).contains("<Key>dir/a file.txt</Key>");
    assertThat(send(port, "HEAD", path + b + "?" + presign("HEAD", signedPrefix + b, inAMinute()), none, new byte[0])
        .status()).isEqualTo(200);
    Wire acl = send(port, "GET", path + k + "?acl&" + presign("GET", signedPrefix + k + "?acl", inAMinute()), none,
        new byte[0]);
    assertThat(acl.status()).as(acl.body()).isEqualTo(200);
    assertThat(acl.body()).contains("<AccessControlPolicy");

    // Past its Expires, a URL is refused as S3 refuses it; a signature over something else does not match.
    Wire expired = send(port, "GET", path + k + "?" + presign("GET", signedPrefix + k,
        Instant.now().getEpochSecond() - 5), none, new byte[0]);
    assertThat(expired.status()).isEqualTo(403);
    assertThat(expired.code()).isEqualTo("AccessDenied");
    assertThat(expired.body()).contains("<Message>Request has expired</Message>");
    Wire otherKey = send(port, "GET", path + k + "?" + presign("GET", signedPrefix + b + "/other", inAMinute()),
        none, new byte[0]);
    assertThat(otherKey.status()).isEqualTo(403);
    assertThat(otherKey.code()).isEqualTo("SignatureDoesNotMatch");
    Wire otherMethod = send(port, "DELETE", path + k + "?" + presign("GET", signedPrefix + k, inAMinute()), none,
        new byte[0]);
    assertThat(otherMethod.code()).isEqualTo("SignatureDoesNotMatch");
    Wire noExpires = send(port, "GET", path + k + "?AWSAccessKeyId=" + OWNER.accessKeyId() + "&Signature=x",
        none, new byte[0]);
    assertThat(noExpires.status()).isEqualTo(400);
    assertThat(noExpires.code()).isEqualTo("AuthorizationQueryParametersError");
    assertThat(noExpires.body()).contains("Signature, Expires and AWSAccessKeyId");

    assertThat(send(port, "DELETE", path + k + "?" + presign("DELETE", signedPrefix + k, inAMinute()), none,
        new byte[0]).status()).isEqualTo(204);
    assertThat(send(port, "DELETE", path + b + "?" + presign("DELETE", signedPrefix + b, inAMinute()), none,
        new byte[0]).status()).isEqualTo(204);
  }

  @Test
  void presignedUrlsForVirtualHostedBuckets() throws Exception {
    int port = root.port();
    assertThat(signedV2(port, "PUT", "/vhosted", "/vhosted").status()).isEqualTo(200);
    Map<String, String> host = Map.of("Host", "vhosted." + DOMAIN + ":" + port);
    assertThat(send(port, "PUT", "/note?" + presign("PUT", "/vhosted/note", inAMinute()), host,
        "by host name".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
    Wire get = send(port, "GET", "/note?" + presign("GET", "/vhosted/note", inAMinute()), host, new byte[0]);
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("by host name");
    assertThat(send(port, "GET", "/note?" + presign("GET", "/note", inAMinute()), host, new byte[0]).code())
        .isEqualTo("SignatureDoesNotMatch");
  }

  @Test
  void anonymousReadsOfPublicObjectsThroughAVirtualHostName() throws Exception {
    assertThat(signedV2(root.port(), "PUT", "/public-site", "/public-site").status()).isEqualTo(200);
    assertThat(signedV2(root.port(), "PUT", "/public-site/index.html", "/public-site/index.html",
        Map.of("x-amz-acl", "public-read"), "<h1>hello</h1>".getBytes(StandardCharsets.UTF_8)).status())
        .isEqualTo(200);
    assertThat(signedV2(root.port(), "PUT", "/public-site/secret.txt", "/public-site/secret.txt", Map.of(),
        "mine".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
    Wire pathStyle = send(root.port(), "GET", "/public-site/index.html", Map.of(), new byte[0]);
    assertThat(pathStyle.status()).isEqualTo(200);
    for (int port : new int[] {root.port(), server.port()}) {
      String path = port == root.port() ? "" : PREFIX;
      for (String host : List.of("public-site." + DOMAIN + ":" + port, "public-site." + DOMAIN,
          "Public-Site." + DOMAIN.toUpperCase(Locale.ROOT) + ":" + port, "public-site." + DOMAIN + ".:" + port)) {
        Map<String, String> h = Map.of("Host", host);
        Wire get = send(port, "GET", path + "/index.html", h, new byte[0]);
        assertThat(get.status()).as(host + " on " + port).isEqualTo(200);
        assertThat(get.body()).isEqualTo(pathStyle.body());
        assertThat(get.headers().get("etag")).isEqualTo(pathStyle.headers().get("etag"));
        Wire head = send(port, "HEAD", path + "/index.html", h, new byte[0]);
        assertThat(head.status()).as(host).isEqualTo(200);
        assertThat(head.headers().get("content-length")).isEqualTo("14");
        // What is not public stays closed, and a missing key is not told apart from it.
        assertThat(send(port, "GET", path + "/secret.txt", h, new byte[0]).code()).isEqualTo("AccessDenied");
        assertThat(send(port, "GET", path + "/missing", h, new byte[0]).code()).isEqualTo("AccessDenied");
      }
    }
  }
}
