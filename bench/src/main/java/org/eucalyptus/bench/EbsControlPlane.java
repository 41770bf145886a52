package org.eucalyptus.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eucalyptus.common.credentials.EucarcFile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The control-plane half of bench/ebs: a cloud of processes with a storage controller, driven through
 * the EC2 API; its Walrus measured with the S3 API for the same sizes. Closed, every process stops
 * (the SC ends its own tgtd).
 */
final class EbsControlPlane implements AutoCloseable {
  static final int CLC_PORT = 22300;
  static final int CC_PORT = 22301;
  static final int NC_PORT = 22302;
  static final int SC_PORT = 22310;
  static final int TGT_CONTROL = 7240;
  static final int TGT_PORTAL = 13440;
  static final long GIB = 1L << 30;
  private static final String ZONE = "cluster01";

  record Figures(long createMedianMs, long createP90Ms, double snapshotMBs, double sdkPutMBs, double restoreMBs,
      double sdkGetMBs, boolean identical, String pointInTimeCopy) {}

  private final Path src;
  private final Path work;
  private final Path volumes;
  private final ComponentCloud cloud;
  private Ec2Client ec2;
  private S3Client s3;

  EbsControlPlane(Path src, Path work) {
    this.src = src;
    this.work = work;
    this.volumes = work.resolve("sc-volumes/volumes"); // FileVolumes' directory under SC_VOLUMES_DIR
    this.cloud = new ComponentCloud(src, work);
  }

  Figures run(int creates, int mib, int rounds) throws Exception {
    Path eucarc = startCloud();
    Map<String, String> creds = EucarcFile.read(eucarc);
    var key = StaticCredentialsProvider.create(AwsBasicCredentials.create(creds.get("EC2_ACCESS_KEY"),
        creds.get("EC2_SECRET_KEY")));
    ec2 = Ec2Client.builder().endpointOverride(URI.create(creds.get("EC2_URL"))).region(Region.of("eucalyptus"))
        .credentialsProvider(key).httpClient(Apache5HttpClient.create()).build();
    s3 = S3Client.builder().endpointOverride(URI.create(creds.get("S3_URL"))).forcePathStyle(true)
        .region(Region.of("eucalyptus")).credentialsProvider(key).httpClient(Apache5HttpClient.create()).build();
    // Warm-up (JIT, connections, the SC's first create), not counted.
    createAvailable(null);

    long[] ms = new long[creates];
    for (int i = 0; i < creates; i++) {
      long t = System.nanoTime();
      createAvailable(null);
      ms[i] = (System.nanoTime() - t) / 1_000_000;
    }
    Arrays.sort(ms);

    // Snapshot and restore of a volume holding random bytes, beside the SDK's PUT/GET of a file as large.
    String source = createAvailable(null);
    Path sourceFile = volumes.resolve(source);
    fillRandom(sourceFile, (long) mib << 20);
    Path object = Files.createFile(work.resolve("object"));
    fillRandom(object, GIB);
    s3.createBucket(b -> b.bucket("ebs-bench"));
    double snap = 0;
    double put = 0;
    double restore = 0;
    double get = 0;
    boolean identical = true;
    String sourceSum = sha256(sourceFile);
    for (int r = 0; r < rounds; r++) {
      long t = System.nanoTime();
      s3.putObject(b -> b.bucket("ebs-bench").key("large"), RequestBody.fromFile(object));
      put = Math.max(put, rate(GIB, t));
      Path back = work.resolve("object-back");
      Files.deleteIfExists(back);
      t = System.nanoTime();
      s3.getObject(b -> b.bucket("ebs-bench").key("large"), ResponseTransformer.toFile(back));
      get = Math.max(get, rate(GIB, t));
      Files.delete(back);

      t = System.nanoTime();
      String snapshot = ec2.createSnapshot(b -> b.volumeId(source)).snapshotId();
      awaitSnapshot(snapshot);
      snap = Math.max(snap, rate(GIB, t));
      t = System.nanoTime();
      String restored = createAvailable(snapshot);
      restore = Math.max(restore, rate(GIB, t));
      identical &= sha256(volumes.resolve(restored)).equals(sourceSum);
      ec2.deleteVolume(b -> b.volumeId(restored));
    }
    return new Figures(ms[ms.length / 2], ms[Math.min(ms.length - 1, (int) Math.ceil(ms.length * 0.9) - 1)], snap,
        put, restore, get, identical, pointInTimeCopy(source));
  }

  /**
   * A fresh volume for the guest, made through the API, its first 16 bytes the test guest's bench
   * header ({@code EUCA-BENCH-<MiB>}); its file is what the guest half exports.
   */
  Path volumeForGuest(int mib) throws Exception {
    String id = createAvailable(null);
    Path file = volumes.resolve(id);
    writeBenchHeader(file, mib);
    return file;
  }

  /** The test guest's bench header at the start of {@code file}: it then writes and reads {@code mib} MiB. */
  static void writeBenchHeader(Path file, int mib) throws Exception {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(String.format("EUCA-BENCH-%05d", mib).getBytes(StandardCharsets.US_ASCII)), 0);
      ch.force(true);
    }
  }

  private Path startCloud() throws Exception {
    Path eucarc = cloud.startChain(new ComponentCloud.Ports(CLC_PORT, CC_PORT, NC_PORT, 1, 0), 1);
    cloud.start("sc", "eucalyptus-sc", Map.of("SC_PORT", "" + SC_PORT, "SC_BIND_ADDR", "127.0.0.1",
        "SC_KEYS_DIR", work.resolve("sc-keys").toString(), "SC_VOLUMES_DIR", volumes.getParent().toString(),
        "SC_START_TGTD", "Y", "SC_TGT_CONTROL_PORT", "" + TGT_CONTROL,
        "SC_ISCSI_PORTAL", "127.0.0.1:" + TGT_PORTAL,
        "WALRUS_URL", "http://127.0.0.1:" + CLC_PORT + "/services/Walrus"));
    admin(eucarc, "register-sc", ZONE, "127.0.0.1", "--port", "" + SC_PORT);
    cloud.waitFor(() -> {
      try {
        return admin(eucarc, "list-scs").lines().map(l -> l.split("\t"))
            .anyMatch(f -> f.length > 3 && f[1].equals(ZONE) && f[3].equals("ENABLED"));
      } catch (Exception e) {
        return false;
      }
    }, Duration.ofMinutes(2), "the storage controller's enrolment");
    return eucarc;
  }

  /** What the SC's log says of its last point-in-time copy of {@code volume} (how, and how long). */
  private String pointInTimeCopy(String volume) {
    try {
      String needle = "point-in-time copy of " + volume;
      return Files.readAllLines(work.resolve("log/sc.out")).stream().filter(l -> l.contains(needle))
          .reduce((a, b) -> b).map(l -> l.substring(l.indexOf(needle))).orElse("not in the SC's log");
    } catch (java.io.IOException e) {
      return "the SC's log unreadable: " + e.getMessage();
    }
  }

  private String admin(Path eucarc, String command, String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of(src.resolve("tools/bin/euca-admin").toString(), command,
        "--eucarc", eucarc.toString()));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("euca-admin " + command + " failed: " + out);
    }
    return out;
  }

  /** CreateVolume (1 GiB, or from {@code snapshot}) and waits until DescribeVolumes says available. */
  private String createAvailable(String snapshot) throws Exception {
    String id = ec2.createVolume(b -> {
      b.availabilityZone(ZONE);
      if (snapshot == null) {
        b.size(1);
      } else {
        b.snapshotId(snapshot);
      }
    }).volumeId();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (true) {
      Volume v = ec2.describeVolumes(b -> b.volumeIds(id)).volumes().get(0);
      if (v.stateAsString().equals("available")) {
        return id;
      }
      if (!v.stateAsString().equals("creating") || System.nanoTime() > deadline) {
        throw new IllegalStateException(id + " is " + v.stateAsString() + "; see " + work.resolve("log"));
      }
      Thread.sleep(20);
    }
  }

  private void awaitSnapshot(String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (true) {
      Snapshot s = ec2.describeSnapshots(b -> b.snapshotIds(id)).snapshots().get(0);
      if (s.stateAsString().equals("completed")) {
        return;
      }
      if (!s.stateAsString().equals("pending") || System.nanoTime() > deadline) {
        throw new IllegalStateException(id + " is " + s.stateAsString() + "; see " + work.resolve("log"));
      }
      Thread.sleep(20);
    }
  }

  private static double rate(long bytes, long t0) {
    return bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
  }

  /** Random (non-zero, incompressible) bytes over the first {@code bytes} of a file that is there, forced to disk. */
  private static void fillRandom(Path file, long bytes) throws Exception {
    byte[] buf = new byte[1 << 20];
    Random rnd = new Random(19);
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
      for (long done = 0; done < bytes; done += buf.length) {
        rnd.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, bytes - done));
      }
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
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

  @Override
  public void close() {
    if (ec2 != null) {
      ec2.close();
    }
    if (s3 != null) {
      s3.close();
    }
    cloud.close();
  }
}
