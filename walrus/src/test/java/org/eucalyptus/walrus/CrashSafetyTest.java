package org.eucalyptus.walrus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eucalyptus.testfixtures.Await;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** kill -9 in the middle of an upload: the old object stays whole, and restart leaves no garbage. */
@IntegrationTest
class CrashSafetyTest {
  @TempDir Path storage;

  Process start() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CrashTarget.class.getName(), storage.toString(), "0")
        .redirectErrorStream(true);
    Process p = pb.start();
    return p;
  }

  static int awaitReady(Process p) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (String line; (line = r.readLine()) != null; ) {
      if (line.startsWith("READY ")) {
        // Keep draining its output so the child never blocks on a full pipe.
        Thread drain = new Thread(() -> {
          try {
            while (r.readLine() != null) {
              // discard
            }
          } catch (java.io.IOException ignored) {
            // the process ended
          }
        });
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(line.substring(6).strip());
      }
      assertThat(System.nanoTime()).isLessThan(deadline);
    }
    throw new AssertionError("the Walrus process ended before it was ready");
  }

  /** One temp file in {@code dir}, with bytes in it. */
  static boolean halfWritten(Path dir) {
    try (var files = Files.list(dir)) {
      var all = files.toList();
      return all.size() == 1 && Files.size(all.get(0)) > 0;
    } catch (java.io.IOException e) {
      return false; // not made yet, or moved meanwhile
    }
  }

  static S3Client client(int port) {
    return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port + "/services/Walrus"))
        .forcePathStyle(true).region(Region.of("eucalyptus")).httpClient(Apache5HttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            CrashTarget.OWNER.accessKeyId(), CrashTarget.OWNER.secretKey())))
        .build();
  }

  @Test
  void killedMidUploadKeepsTheOldObjectAndCleansUpOnRestart() throws Exception {
    Process first = start();
    try {
      int port = awaitReady(first);
      try (S3Client s3 = client(port)) {
        s3.createBucket(b -> b.bucket("crash"));
        s3.putObject(r -> r.bucket("crash").key("k"), RequestBody.fromString("the old, whole object"));
        // A 64 MiB replacement whose body stops after 8 MiB and waits: then the server is killed.
        CountDownLatch sentSome = new CountDownLatch(1);
        long size = 64L * 1024 * 1024;
        InputStream body = new InputStream() {
          long sent;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (sent >= 8L * 1024 * 1024) {
              sentSome.countDown();
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return -1;
            }
            int n = (int) Math.min(len, 8L * 1024 * 1024 - sent);
            java.util.Arrays.fill(b, off, off + n, (byte) 'x');
            sent += n;
            return n;
          }
        };
        CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
          try {
            s3.putObject(r -> r.bucket("crash").key("k"), RequestBody.fromInputStream(body, size));
          } catch (RuntimeException expected) {
            // the server died under it
          }
        });
        assertThat(sentSome.await(60, TimeUnit.SECONDS)).isTrue();
        // The server has written some of what it received: a half-written temp file before the crash.
        Await.until("a half-written temp file", Duration.ofSeconds(30), () -> halfWritten(storage.resolve("tmp")));
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        upload.cancel(true);
      }
    } finally {
      first.destroyForcibly();
    }

    Process second = start();
    try {
      int port = awaitReady(second);
      try (S3Client s3 = client(port)) {
        assertThat(s3.getObjectAsBytes(r -> r.bucket("crash").key("k")).asUtf8String())
            .isEqualTo("the old, whole object");
      }
      try (var tmp = Files.list(storage.resolve("tmp")); var data = Files.walk(storage.resolve("data"))) {
        assertThat(tmp.count()).isZero();
        assertThat(data.filter(Files::isRegularFile).count()).isEqualTo(1);
      }
    } finally {
      second.destroyForcibly();
    }
  }

  /**
   * kill -9 while a multipart completion is joining its parts: after restart there is the old
   * object and the upload (which can be completed again), or the new object whole and no upload;
   * never both, and no file that nothing names.
   */
  @Test
  void killedMidCompletionLeavesTheUploadOrTheObjectAndNoGarbage() throws Exception {
    int partSize = 24 * 1024 * 1024;
    byte[] part = new byte[partSize];
    new java.util.Random(5).nextBytes(part);
    String uploadId;
    java.util.List<software.amazon.awssdk.services.s3.model.CompletedPart> done = new java.util.ArrayList<>();
    boolean sawJoin = false;
    Process first = start();
    try {
      int port = awaitReady(first);
      try (S3Client s3 = client(port)) {
        s3.createBucket(b -> b.bucket("crash-mp"));
        s3.putObject(r -> r.bucket("crash-mp").key("k"), RequestBody.fromString("the old, whole object"));
        uploadId = s3.createMultipartUpload(r -> r.bucket("crash-mp").key("k")).uploadId();
        for (int n = 1; n <= 4; n++) {
          int number = n;
          String etag = s3.uploadPart(r -> r.bucket("crash-mp").key("k").uploadId(uploadId).partNumber(number),
              RequestBody.fromBytes(part)).eTag();
          done.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(n).eTag(etag).build());
        }
        CompletableFuture<Void> complete = CompletableFuture.runAsync(() -> {
          try {
            s3.completeMultipartUpload(r -> r.bucket("crash-mp").key("k").uploadId(uploadId)
                .multipartUpload(m -> m.parts(done)));
          } catch (RuntimeException expected) {
            // the server died under it
          }
        });
        // Kill it as soon as the joined file is being written.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!sawJoin && System.nanoTime() < deadline && !complete.isDone()) {
          try (var tmp = Files.list(storage.resolve("tmp"))) {
            sawJoin = tmp.findAny().isPresent();
          }
        }
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        complete.cancel(true);
      }
    } finally {
      first.destroyForcibly();
    }
    assertThat(sawJoin).as("the completion was caught while joining").isTrue();

    Process second = start();
    try {
      int port = awaitReady(second);
      try (S3Client s3 = client(port)) {
        byte[] now = s3.getObjectAsBytes(r -> r.bucket("crash-mp").key("k")).asByteArray();
        boolean uploadLeft = s3.listMultipartUploads(r -> r.bucket("crash-mp")).uploads().stream()
            .anyMatch(u -> u.uploadId().equals(uploadId));
        if (uploadLeft) {
          assertThat(new String(now, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("the old, whole object");
          // The upload is intact: completing it again gives the whole new object.
          s3.completeMultipartUpload(r -> r.bucket("crash-mp").key("k").uploadId(uploadId)
              .multipartUpload(m -> m.parts(done)));
          now = s3.getObjectAsBytes(r -> r.bucket("crash-mp").key("k")).asByteArray();
        }
        assertThat(now).hasSize(4 * partSize);
        for (int n = 0; n < 4; n++) {
          assertThat(java.util.Arrays.copyOfRange(now, n * partSize, (n + 1) * partSize)).isEqualTo(part);
        }
        assertThat(s3.listMultipartUploads(r -> r.bucket("crash-mp")).uploads()).isEmpty();
      }
      try (var tmp = Files.list(storage.resolve("tmp")); var data = Files.walk(storage.resolve("data"))) {
        assertThat(tmp.count()).isZero();
        assertThat(data.filter(Files::isRegularFile).count()).as("only the object's own data file").isEqualTo(1);
      }
    } finally {
      second.destroyForcibly();
    }
  }
}
