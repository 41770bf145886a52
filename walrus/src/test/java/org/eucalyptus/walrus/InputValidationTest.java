package org.eucalyptus.walrus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * What Walrus refuses before any operation or the database sees it (control characters in keys,
 * queries and headers; over-long keys and content types; unknown bucket locations; malformed
 * paths; grantee ids that could not be kept), each with S3's 4xx error, never a 500.
 */
@IntegrationTest
class InputValidationTest {
  @TempDir Path tmp;
  TestDb db;
  Walrus walrus;
  HttpServer server;
  SignedS3Client s3;
  static final AccessKeyOwner OWNER =
      new AccessKeyOwner("AKIWALRUSINPUT000000", "walrus-input-secret", "123456789012", "test", "u", "admin", false);

  @BeforeEach
  void start() throws Exception {
    db = TestDb.create();
    walrus = new Walrus(EucaConf.of(Map.of("WALRUS_STORAGE_DIR", tmp.toString(), "CLC_REGION", "my-cloud"))
        .with(db.settings()),
        id -> id.equals(OWNER.accessKeyId()) ? java.util.Optional.of(OWNER) : java.util.Optional.empty());
    server = new HttpServer("walrus-input", new InetSocketAddress("127.0.0.1", 0), walrus.routes()).start();
    s3 = new SignedS3Client(server.port(), OWNER);
    assertThat(s3.send("PUT", "/inputs", new byte[0]).statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
    walrus.close();
    db.close();
  }

  static Document parse(byte[] body) throws Exception {
    return DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(new ByteArrayInputStream(body));
  }

  static String code(HttpResponse<byte[]> r) throws Exception {
    return parse(r.body()).getElementsByTagName("Code").item(0).getTextContent();
  }

  static byte[] location(String name) {
    return ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>" + name
        + "</LocationConstraint></CreateBucketConfiguration>").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void onlyTheLocationsThisWalrusServesAreAccepted() throws Exception {
    for (String served : new String[] {"US", "us-east-1", "my-cloud"}) {
      String bucket = "loc-" + served.toLowerCase(Locale.ROOT);
      assertThat(s3.send("PUT", "/" + bucket, location(served)).statusCode()).isEqualTo(200);
      HttpResponse<byte[]> where = s3.send("GET", "/" + bucket + "?location", new byte[0]);
      assertThat(parse(where.body()).getDocumentElement().getTextContent()).isEqualTo(served);
    }
    assertThat(s3.send("PUT", "/loc-none", location("")).statusCode()).isEqualTo(200);
    for (String bad : new String[] {"x".repeat(65), "mars", "EU"}) {
      HttpResponse<byte[]> r = s3.send("PUT", "/loc-bad", location(bad));
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(code(r)).isEqualTo("InvalidLocationConstraint");
    }
    HttpResponse<byte[]> garbled = s3.send("PUT", "/loc-bad", "<CreateBucketConfiguration><Loc".getBytes(StandardCharsets.UTF_8));
    assertThat(garbled.statusCode()).isEqualTo(400);
    assertThat(code(garbled)).isEqualTo("MalformedXML");
    assertThat(s3.send("HEAD", "/loc-bad", new byte[0]).statusCode()).isEqualTo(404);
  }

  @Test
  void controlCharactersInKeysAndQueriesAreRefusedAndListingsStayReadable() throws Exception {
    for (String bad : new String[] {"%00", "%01", "%1B", "%EF%BF%BE", "%C2%85", "%7F"}) {
      HttpResponse<byte[]> put = s3.send("PUT", "/inputs/key" + bad, "x".getBytes(StandardCharsets.UTF_8));
      assertThat(put.statusCode()).as(bad).isEqualTo(400);
      assertThat(code(put)).isEqualTo("InvalidArgument");
      HttpResponse<byte[]> list = s3.send("GET", "/inputs?prefix=p" + bad, new byte[0]);
      assertThat(list.statusCode()).isEqualTo(400);
      assertThat(code(list)).isEqualTo("InvalidArgument");
      HttpResponse<byte[]> upload = s3.send("POST", "/inputs/up" + bad + "?uploads", new byte[0]);
      assertThat(upload.statusCode()).isEqualTo(400);
    }
    assertThat(s3.send("PUT", "/inputs/tab%09and%0Aline", "x".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> list = s3.send("GET", "/inputs", new byte[0]);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(parse(list.body()).getElementsByTagName("Key").item(0).getTextContent()).isEqualTo("tab\tand\nline");
  }

  @Test
  void lengthsAreCheckedBeforeTheDatabase() throws Exception {
    String longKey = "k".repeat(1025);
    HttpResponse<byte[]> initiate = s3.send("POST", "/inputs/" + longKey + "?uploads", new byte[0]);
    assertThat(initiate.statusCode()).isEqualTo(400);
    assertThat(code(initiate)).isEqualTo("KeyTooLongError");
    // Two bytes of UTF-8 each: 513 of them are over the limit.
    HttpResponse<byte[]> wide = s3.send("PUT", "/inputs/" + "%C3%A9".repeat(513), "x".getBytes(StandardCharsets.UTF_8));
    assertThat(code(wide)).isEqualTo("KeyTooLongError");
    HttpResponse<byte[]> type = raw("PUT /services/Walrus/inputs/typed HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
        + "Content-Type: text/" + "x".repeat(300) + "\r\n\r\nx");
    assertThat(type.statusCode()).isEqualTo(400);
    assertThat(code(type)).isEqualTo("InvalidArgument");
  }

  @Test
  void malformedPathsHeadersAndGranteesAreClientErrors() throws Exception {
    HttpResponse<byte[]> header = raw("PUT /services/Walrus/inputs/meta HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
        + "x-amz-meta-color: bl\u0001ue\r\n\r\nx");
    assertThat(header.statusCode()).isEqualTo(400);
    // A percent-escape that is not one: S3's InvalidURI, not a 500.
    HttpResponse<byte[]> query = raw("GET /services/Walrus/inputs?prefix=%zz HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(query.statusCode()).isEqualTo(400);
    assertThat(code(query)).isEqualTo("InvalidURI");
    // The same in a copy's source (the fuzz test's find: it was a 500).
    HttpResponse<byte[]> copy = s3.send("PUT", "/inputs/copied", new byte[0],
        org.eucalyptus.common.auth.SigV4.UNSIGNED_PAYLOAD, java.util.Map.of("x-amz-copy-source", "/inputs/a%zzb"));
    assertThat(copy.statusCode()).isEqualTo(400);
    assertThat(code(copy)).isEqualTo("InvalidArgument");
    HttpResponse<byte[]> grant = s3.send("PUT", "/inputs?acl", ("<AccessControlPolicy><Owner><ID>123456789012</ID>"
        + "</Owner><AccessControlList><Grant><Grantee><ID>two words</ID></Grantee><Permission>READ</Permission>"
        + "</Grant></AccessControlList></AccessControlPolicy>").getBytes(StandardCharsets.UTF_8));
    assertThat(grant.statusCode()).isEqualTo(400);
    HttpResponse<byte[]> acl = s3.send("GET", "/inputs?acl", new byte[0]);
    assertThat(acl.statusCode()).isEqualTo(200);
    assertThat(new String(acl.body(), StandardCharsets.UTF_8)).doesNotContain("two");
  }

  /** One request as written, on a socket of its own (for what java.net.http refuses to send). */
  private HttpResponse<byte[]> raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String head = readHead(in);
      if (head.isEmpty()) {
        return new RawResponse(0, new byte[0]);
      }
      int status = Integer.parseInt(head.split(" ")[1]);
      int length = 0;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).strip());
        }
      }
      byte[] body = in.readNBytes(length);
      return new RawResponse(status, body);
    }
  }

  private static String readHead(InputStream in) throws Exception {
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      b.append((char) c);
    }
    return b.toString();
  }

  private record RawResponse(int statusCode, byte[] body) implements HttpResponse<byte[]> {
    @Override
    public java.net.http.HttpRequest request() {
      return null;
    }

    @Override
    public java.util.Optional<HttpResponse<byte[]>> previousResponse() {
      return java.util.Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
    }

    @Override
    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return java.util.Optional.empty();
    }

    @Override
    public java.net.URI uri() {
      return null;
    }

    @Override
    public java.net.http.HttpClient.Version version() {
      return java.net.http.HttpClient.Version.HTTP_1_1;
    }
  }
}
