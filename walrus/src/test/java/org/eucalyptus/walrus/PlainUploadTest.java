package org.eucalyptus.walrus;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.SigV4;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain (not aws-chunked) uploads large enough to be written by Walrus's second thread while the
 * first hashes: the bytes and the MD5 ETag come out right, and a body that does not match its
 * declared SHA-256 leaves nothing behind.
 */
@IntegrationTest
class PlainUploadTest {
  static final AccessKeyOwner OWNER =
      new AccessKeyOwner("AKIAPLAINUPLOAD00000", "plain-secret", "444444444444", "pl", "u4", "admin", false);

  @TempDir Path tmp;
  Walrus walrus;
  HttpServer server;
  SignedS3Client s3;

  @BeforeEach
  void start() throws Exception {
    walrus = new Walrus(EucaConf.of(Map.of("WALRUS_STORAGE_DIR", tmp.resolve("w").toString())),
        id -> id.equals(OWNER.accessKeyId()) ? Optional.of(OWNER) : Optional.empty());
    server = new HttpServer("walrus-plain", new InetSocketAddress("127.0.0.1", 0), walrus.routes()).start();
    s3 = new SignedS3Client(server.port(), OWNER);
    assertThat(s3.send("PUT", "/plain-bucket", new byte[0], SigV4.UNSIGNED_PAYLOAD).statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
    walrus.close();
  }


  @Test
  void largeUnsignedPayloadComesBackWithItsMd5() throws Exception {
    byte[] data = new byte[21 * 1024 * 1024 + 333];
    new Random(11).nextBytes(data);
    HttpResponse<byte[]> put = s3.send("PUT", "/plain-bucket/big", data, SigV4.UNSIGNED_PAYLOAD);
    assertThat(put.statusCode()).isEqualTo(200);
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    assertThat(put.headers().firstValue("ETag")).hasValue("\"" + md5 + "\"");
    HttpResponse<byte[]> get = s3.send("GET", "/plain-bucket/big", new byte[0], SigV4.UNSIGNED_PAYLOAD);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(data);
  }

  @Test
  void aBodyThatIsNotItsDeclaredSha256IsRefusedAndNotKept() throws Exception {
    byte[] data = new byte[12 * 1024 * 1024];
    new Random(12).nextBytes(data);
    String wrong = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[] {1}));
    HttpResponse<byte[]> put = s3.send("PUT", "/plain-bucket/liar", data, wrong);
    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(new String(put.body(), StandardCharsets.UTF_8)).contains("XAmzContentSHA256Mismatch");
    assertThat(s3.send("GET", "/plain-bucket/liar", new byte[0], SigV4.UNSIGNED_PAYLOAD).statusCode()).isEqualTo(404);
    Path root = tmp.resolve("w");
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
          .filter(p -> p.startsWith("data/") || p.startsWith("tmp/"))).isEmpty();
    }
  }
}
