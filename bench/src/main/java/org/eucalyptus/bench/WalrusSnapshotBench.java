package org.eucalyptus.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.sc.snapshots.WalrusSnapshots;
import org.eucalyptus.walrus.Walrus;
import org.eucalyptus.walrus.images.CloudKeys;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A snapshot's way into Walrus and back (the SC's {@link WalrusSnapshots}: StoreSnapshot,
 * GetWalrusSnapshot) beside Walrus's own large PUT and GET of the same file with the AWS SDK, on
 * one Walrus in this process on loopback; file to file both ways, best of a few rounds each.
 */
public final class WalrusSnapshotBench {
  private WalrusSnapshotBench() {}

  public static void main(String[] args) throws Exception {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    long size = mib * 1024 * 1024;
    Path dir = Files.createTempDirectory("walrus-snapshot-bench-");
    try {
      CloudCa ca = CloudCa.loadOrCreate(dir.resolve("ca"));
      ComponentKeys sc = ComponentKeys.open(dir.resolve("sc"), ComponentIdentity.STORAGE);
      sc.install(ca.certifyComponent(ComponentIdentity.STORAGE, "bench-sc", sc.publicKey()), ca.certificate());
      Path file = dir.resolve("volume");
      randomFile(file, size);
      Walrus walrus = new Walrus(EucaConf.of(Map.of("WALRUS_STORAGE_DIR", dir.resolve("walrus").toString())),
          id -> id.equals(WalrusProcess.KEY.accessKeyId()) ? Optional.of(WalrusProcess.KEY) : Optional.empty(),
          new Walrus.ImageTrust(new CloudKeys(ca.certificate(), ca.privateKey()), account -> List.of()));
      try (HttpServer server = new HttpServer("walrus-bench", new InetSocketAddress("127.0.0.1", 0),
          walrus.routes()).start();
          S3Client s3 = S3Client.builder()
              .endpointOverride(URI.create("http://127.0.0.1:" + server.port() + "/services/Walrus"))
              .forcePathStyle(true).region(Region.of("eucalyptus")).httpClient(Apache5HttpClient.create())
              .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                  WalrusProcess.KEY.accessKeyId(), WalrusProcess.KEY.secretKey()))).build()) {
        WalrusSnapshots snapshots = new WalrusSnapshots(URI.create("http://127.0.0.1:" + server.port()
            + "/services/Walrus"), sc, Duration.ofSeconds(60));
        s3.createBucket(b -> b.bucket("bench"));
        double sdkPut = 0;
        double sdkGet = 0;
        double snapPut = 0;
        double snapGet = 0;
        Path back = dir.resolve("back");
        for (int r = 0; r < rounds; r++) {
          long t = System.nanoTime();
          s3.putObject(b -> b.bucket("bench").key("large"), RequestBody.fromFile(file));
          sdkPut = Math.max(sdkPut, rate(size, t));
          Files.deleteIfExists(back);
          t = System.nanoTime();
          s3.getObject(b -> b.bucket("bench").key("large"), ResponseTransformer.toFile(back));
          sdkGet = Math.max(sdkGet, rate(size, t));
          t = System.nanoTime();
          snapshots.upload("snap-bench0001", file, n -> { });
          snapPut = Math.max(snapPut, rate(size, t));
          Files.deleteIfExists(back);
          t = System.nanoTime();
          snapshots.download("snap-bench0001", back, n -> { });
          snapGet = Math.max(snapGet, rate(size, t));
        }
        boolean same = sha256(back).equals(sha256(file));
        System.out.printf("%nOne %d MiB file through Walrus (best of %d; file to file):%n", mib, rounds);
        System.out.printf("                       up MB/s   down MB/s%n");
        System.out.printf("  AWS SDK Put/GetObject %8.0f  %9.0f%n", sdkPut, sdkGet);
        System.out.printf("  snapshot (SC client)  %8.0f  %9.0f%n", snapPut, snapGet);
        System.out.printf("  snapshot / SDK        %7.0f %%  %8.0f %%   (target >= 80 %%)%n", 100 * snapPut / sdkPut,
            100 * snapGet / sdkGet);
        System.out.printf("  snapshot bytes back the same: %s%n", same);
      } finally {
        walrus.close();
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static double rate(long size, long t0) {
    return size / 1e6 / ((System.nanoTime() - t0) / 1e9);
  }

  /** Random bytes (an incompressible, fully written volume: the worst case for both ways). */
  private static void randomFile(Path p, long size) throws Exception {
    byte[] buf = new byte[1 << 20];
    Random rnd = new Random(7);
    try (OutputStream out = Files.newOutputStream(p)) {
      for (long done = 0; done < size; done += buf.length) {
        rnd.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, size - done));
      }
    }
  }

  private static String sha256(Path p) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(p)) {
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }
}
