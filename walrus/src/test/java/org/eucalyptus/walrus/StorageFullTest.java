package org.eucalyptus.walrus;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Walrus whose storage fills up (a real 4 MiB tmpfs): the PUT that does not fit gets S3's
 * ServiceUnavailable with the reason, leaves no partial file, and what was stored before stays whole.
 */
@RootTest
class StorageFullTest {
  static final AccessKeyOwner OWNER =
      new AccessKeyOwner("AKIASTORAGEFULL00000", "full-secret", "555555555555", "fu", "u5", "admin", false);

  @TempDir Path tmp;
  Path storage;
  Walrus walrus;
  HttpServer server;
  SignedS3Client s3;

  @BeforeEach
  void start() throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      String why = "root is needed to mount a small tmpfs for the storage";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    storage = Files.createDirectories(tmp.resolve("storage"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", storage.toString())
        .redirectErrorStream(true).start();
    String out = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(mount.waitFor()).as("mount: " + out).isZero();
    // The database lives elsewhere, so only object data meets the full file system.
    walrus = new Walrus(EucaConf.of(Map.of("WALRUS_STORAGE_DIR", storage.toString(),
        "WALRUS_DB_URL", "jdbc:h2:file:" + tmp.resolve("db/walrus") + ";WRITE_DELAY=0")),
        id -> id.equals(OWNER.accessKeyId()) ? Optional.of(OWNER) : Optional.empty());
    server = new HttpServer("walrus-full", new InetSocketAddress("127.0.0.1", 0), walrus.routes()).start();
    s3 = new SignedS3Client(server.port(), OWNER);
    assertThat(s3.send("PUT", "/full", new byte[0]).statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (walrus != null) {
      walrus.close();
    }
    if (storage != null) {
      new ProcessBuilder("umount", storage.toString()).inheritIO().start().waitFor();
    }
  }


  @Test
  void aPutThatDoesNotFitIsRefusedWithTheReasonAndLeavesNothing() throws Exception {
    byte[] first = body(1024 * 1024, 1);
    assertThat(s3.send("PUT", "/full/first", first).statusCode()).isEqualTo(200);

    HttpResponse<byte[]> tooBig = s3.send("PUT", "/full/too-big", body(6 * 1024 * 1024, 2));
    String xml = new String(tooBig.body(), StandardCharsets.UTF_8);
    assertThat(tooBig.statusCode()).isEqualTo(503);
    assertThat(xml).contains("<Code>ServiceUnavailable</Code>").contains("storage is full");

    assertThat(s3.send("GET", "/full/too-big", new byte[0]).statusCode()).isEqualTo(404);
    assertThat(s3.send("GET", "/full/first", new byte[0]).body()).isEqualTo(first);
    try (Stream<Path> left = Files.list(storage.resolve("tmp"))) {
      assertThat(left).as("no partial upload left in tmp/").isEmpty();
    }
    // Once space is freed, uploads work again.
    assertThat(s3.send("DELETE", "/full/first", new byte[0]).statusCode()).isEqualTo(204);
    byte[] again = body(2 * 1024 * 1024, 3);
    assertThat(s3.send("PUT", "/full/again", again).statusCode()).isEqualTo(200);
    assertThat(s3.send("GET", "/full/again", new byte[0]).body()).isEqualTo(again);
  }

  private static byte[] body(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
