package org.eucalyptus.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One large object (5 GiB by default) through a Walrus process whose heap is capped at 256 MiB:
 * PUT and GET rates, that the bytes come back the same, and Walrus's peak resident memory, which
 * must stay flat whatever the object's size.
 */
public final class WalrusLargeObjectBench {
  private WalrusLargeObjectBench() {}

  public static void main(String[] args) throws Exception {
    long gib = args.length > 0 ? Long.parseLong(args[0]) : 5;
    long size = gib * 1024 * 1024 * 1024;
    Path storage = Files.createTempDirectory("walrus-bench-");
    Process walrus = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), WalrusProcess.class.getName(), storage.toString())
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(walrus.getInputStream(), StandardCharsets.UTF_8));
      int port = -1;
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("READY ")) {
          port = Integer.parseInt(line.substring(6).strip());
          break;
        }
      }
      Thread drain = new Thread(() -> {
        try {
          while (out.readLine() != null) {
            // discard
          }
        } catch (java.io.IOException ignored) {
          // ended
        }
      });
      drain.setDaemon(true);
      drain.start();
      try (S3Client s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port + "/services/Walrus"))
          .forcePathStyle(true).region(Region.of("eucalyptus")).httpClient(Apache5HttpClient.create())
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
              WalrusProcess.KEY.accessKeyId(), WalrusProcess.KEY.secretKey())))
          .build()) {
        s3.createBucket(b -> b.bucket("bench"));
        MessageDigest sent = MessageDigest.getInstance("MD5");
        long t0 = System.nanoTime();
        s3.putObject(r -> r.bucket("bench").key("large"), RequestBody.fromInputStream(pattern(size, sent), size));
        double putSec = (System.nanoTime() - t0) / 1e9;
        MessageDigest got = MessageDigest.getInstance("MD5");
        long t1 = System.nanoTime();
        long n = 0;
        try (InputStream in = s3.getObject(r -> r.bucket("bench").key("large"))) {
          byte[] buf = new byte[1 << 20];
          for (int r; (r = in.read(buf)) > 0; ) {
            got.update(buf, 0, r);
            n += r;
          }
        }
        double getSec = (System.nanoTime() - t1) / 1e9;
        boolean same = n == size && MessageDigest.isEqual(sent.digest(), got.digest());
        System.out.printf("%nOne %d GiB object through Walrus (heap capped at 256 MiB):%n", gib);
        System.out.printf("  PUT %8.1f MB/s%n  GET %8.1f MB/s%n", size / 1e6 / putSec, size / 1e6 / getSec);
        System.out.printf("  bytes back the same: %s%n", same);
        System.out.printf("  Walrus peak resident memory: %d MiB%n", peakRssKb(walrus.pid()) / 1024);
      }
    } finally {
      walrus.destroy();
      walrus.waitFor();
      try (var files = Files.walk(storage)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** {@code size} bytes of a repeating pattern, digested as they are read. */
  private static InputStream pattern(long size, MessageDigest md5) {
    byte[] block = new byte[1 << 20];
    for (int i = 0; i < block.length; i++) {
      block[i] = (byte) (i * 131 + 7);
    }
    return new InputStream() {
      long left = size;
      int pos;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(Math.min(len, left), block.length - pos);
        System.arraycopy(block, pos, b, off, n);
        md5.update(block, pos, n);
        pos = (pos + n) % block.length;
        left -= n;
        return n;
      }
    };
  }

  private static long peakRssKb(long pid) throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }
}
