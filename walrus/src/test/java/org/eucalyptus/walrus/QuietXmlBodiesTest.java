package org.eucalyptus.walrus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every XML body Walrus reads (a bucket's location, a multi-object delete, an ACL, a multipart
 * completion), malformed: S3's 400 error, and nothing printed on stderr (a parser with its default
 * error handler prints a "[Fatal Error]" line for each, which any sender could fill the log with).
 */
@IntegrationTest
class QuietXmlBodiesTest {
  @TempDir Path tmp;
  TestDb db;
  Walrus walrus;
  HttpServer server;
  SignedS3Client s3;
  static final AccessKeyOwner OWNER =
      new AccessKeyOwner("AKIWALRUSQUIET000000", "walrus-quiet-secret", "123456789012", "test", "u", "admin", false);

  @BeforeEach
  void start() throws Exception {
    db = TestDb.create();
    walrus = new Walrus(EucaConf.of(Map.of("WALRUS_STORAGE_DIR", tmp.toString())).with(db.settings()),
        id -> id.equals(OWNER.accessKeyId()) ? java.util.Optional.of(OWNER) : java.util.Optional.empty());
    server = new HttpServer("walrus-quiet", new InetSocketAddress("127.0.0.1", 0), walrus.routes()).start();
    s3 = new SignedS3Client(server.port(), OWNER);
    assertThat(s3.send("PUT", "/quiet", new byte[0]).statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
    walrus.close();
    db.close();
  }

  @Test
  void malformedXmlBodiesAreRefusedWithoutAWordOnStderr() throws Exception {
    String created = new String(s3.send("POST", "/quiet/big?uploads", new byte[0]).body(), StandardCharsets.UTF_8);
    java.util.regex.Matcher id = java.util.regex.Pattern.compile("<UploadId>([^<]+)</UploadId>").matcher(created);
    assertThat(id.find()).as(created).isTrue();
    byte[][] bodies = {"<a><b></a>".getBytes(StandardCharsets.UTF_8), "<a>\u001b</a>".getBytes(StandardCharsets.UTF_8),
        {(byte) 0xff, (byte) 0x81, 0x3c}};
    List<HttpResponse<byte[]>> answers = new ArrayList<>();
    PrintStream before = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      for (byte[] body : bodies) {
        answers.add(s3.send("PUT", "/quiet-location", body));
        answers.add(s3.send("POST", "/quiet?delete", body));
        answers.add(s3.send("PUT", "/quiet?acl", body));
        answers.add(s3.send("POST", "/quiet/big?uploadId=" + id.group(1), body));
      }
    } finally {
      System.setErr(before);
    }
    for (HttpResponse<byte[]> r : answers) {
      assertThat(r.statusCode()).as(r.uri() + " " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(400);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).containsPattern("<Code>Malformed(XML|ACLError)</Code>");
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
