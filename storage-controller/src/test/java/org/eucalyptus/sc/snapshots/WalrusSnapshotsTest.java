package org.eucalyptus.sc.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.EucaCertAuth;
import org.eucalyptus.common.auth.S3Signer;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.testfixtures.Await;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.walrus.Walrus;
import org.eucalyptus.walrus.images.CloudKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots kept in a real Walrus (in this process, on loopback) through the SC's client: up and
 * down byte-identical, sparse on the way down; only a storage controller's certificate reaches
 * them, and it reaches nothing else; an upload cut short leaves nothing; a restarted Walrus keeps
 * what was stored.
 */
@IntegrationTest
class WalrusSnapshotsTest {
  /** The cloud administrator: even it never reaches snapshot data. */
  static final AccessKeyOwner ADMIN = new AccessKeyOwner("AKIASNAPSHOTADMIN000", "snap-secret", "000000000001",
      "eucalyptus", "admin-id", "admin", true);
  static final long MIB = 1024 * 1024;

  @TempDir Path tmp;
  CloudCa ca;
  ComponentKeys scKeys;
  Walrus walrus;
  HttpServer server;
  WalrusSnapshots snapshots;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    ca = CloudCa.loadOrCreate(tmp.resolve("ca"));
    scKeys = ComponentKeys.open(tmp.resolve("sc-keys"), ComponentIdentity.STORAGE);
    scKeys.install(ca.certifyComponent(ComponentIdentity.STORAGE, "sc-host", scKeys.publicKey()), ca.certificate());
    startWalrus();
  }

  private void startWalrus() throws Exception {
    walrus = new Walrus(EucaConf.of(Map.of("WALRUS_STORAGE_DIR", tmp.resolve("walrus").toString())),
        id -> id.equals(ADMIN.accessKeyId()) ? Optional.of(ADMIN) : Optional.empty(),
        new Walrus.ImageTrust(new CloudKeys(ca.certificate(), ca.privateKey()), account -> List.of()));
    server = new HttpServer("walrus-snapshots", new InetSocketAddress("127.0.0.1", 0), walrus.routes()).start();
    snapshots = new WalrusSnapshots(URI.create("http://127.0.0.1:" + server.port() + "/services/Walrus"), scKeys,
        Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    server.close();
    walrus.close();
  }

  @Test
  void aLargeSparseSnapshotGoesUpAndComesDownTheSame() throws Exception {
    Path volume = sparseVolume(tmp.resolve("vol"), 200 * MIB);
    AtomicLong sent = new AtomicLong();
    long t0 = System.nanoTime();
    snapshots.upload("snap-0000aaaa", volume, sent::addAndGet);
    double up = (System.nanoTime() - t0) / 1e9;
    assertThat(sent.get()).isEqualTo(200 * MIB);
    assertThat(snapshots.size("snap-0000aaaa")).hasValue(200 * MIB);

    // Into a new file: sparse where the snapshot is zeros.
    Path restored = tmp.resolve("restored");
    AtomicLong received = new AtomicLong();
    long t1 = System.nanoTime();
    assertThat(snapshots.download("snap-0000aaaa", restored, received::addAndGet)).isEqualTo(200 * MIB);
    double down = (System.nanoTime() - t1) / 1e9;
    assertThat(received.get()).isEqualTo(200 * MIB);
    assertThat(sha256(restored)).isEqualTo(sha256(volume));
    assertThat(allocatedBytes(restored)).isLessThan(100 * MIB);
    System.out.printf("200 MiB snapshot: upload %.0f MB/s, download %.0f MB/s%n", 200 * MIB / 1e6 / up,
        200 * MIB / 1e6 / down);

    // Into an existing file full of other bytes (larger than the snapshot): the snapshot, then what was beyond it.
    Path reused = tmp.resolve("reused");
    byte[] junk = new byte[(int) MIB];
    java.util.Arrays.fill(junk, (byte) 7);
    try (OutputStream out = Files.newOutputStream(reused)) {
      for (int i = 0; i < 210; i++) {
        out.write(junk);
      }
    }
    snapshots.download("snap-0000aaaa", reused, n -> { });
    assertThat(Files.size(reused)).isEqualTo(210 * MIB);
    try (RandomAccessFile f = new RandomAccessFile(reused.toFile(), "rw")) {
      f.setLength(200 * MIB);
    }
    assertThat(sha256(reused)).isEqualTo(sha256(volume));
  }

  @Test
  void onlyStorageControllersReachSnapshots() throws Exception {
    Path small = tmp.resolve("small");
    Files.write(small, "snapshot bytes".getBytes(StandardCharsets.UTF_8));
    snapshots.upload("snap-0000bbbb", small, n -> { });
    String path = "/services/Walrus/snapshots/snap-0000bbbb";

    CloudCa.Issued node = ca.issueComponent(ComponentIdentity.NODE, "node-host");
    CloudCa.Issued user = ca.issue("000000000001", "admin");
    CloudCa.Issued foreignStorage = CloudCa.loadOrCreate(tmp.resolve("other-ca"))
        .issueComponent(ComponentIdentity.STORAGE, "intruder");
    for (CloudCa.Issued who : List.of(node, user, foreignStorage)) {
      for (String[] op : new String[][] {{"GET", "GetWalrusSnapshot"}, {"PUT", "StoreSnapshot"},
          {"DELETE", "DeleteWalrusSnapshot"}}) {
        HttpResponse<String> r = send(op[0], path, certSigned(op[0], path, who.certificate(),
            Pem.privateKey(who.privateKeyPem()), op[1]), "x");
        assertAccessDenied(r, "storage controllers only");
      }
    }
    // The cloud administrator's signature, and no signature at all, with the operation's name.
    Map<String, String> named = Map.of("EucaOperation", "GetWalrusSnapshot");
    assertAccessDenied(send("GET", path, userSigned("GET", path, named), ""), "storage controllers only");
    assertAccessDenied(send("GET", path, named, ""), "storage controllers only");
    // Without it, the same path is S3's: a bucket named "snapshots", which does not exist.
    HttpResponse<String> asS3 = send("GET", path, userSigned("GET", path, Map.of()), "");
    assertThat(asS3.statusCode()).isEqualTo(404);
    assertThat(asS3.body()).contains("<Code>NoSuchBucket</Code>");
    HttpResponse<String> list = send("GET", "/services/Walrus/", userSigned("GET", "/services/Walrus/", Map.of()), "");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).doesNotContain("snapshots").doesNotContain("snap-0000bbbb");
    // Still there, untouched.
    assertThat(snapshots.size("snap-0000bbbb")).hasValue(14);
  }

  @Test
  void aStorageCertificateReachesNothingButSnapshots() throws Exception {
    assertThat(send("PUT", "/services/Walrus/users-bucket", userSigned("PUT", "/services/Walrus/users-bucket",
        Map.of()), "").statusCode()).isEqualTo(200);
    String object = "/services/Walrus/users-bucket/secret";
    assertThat(send("PUT", object, userSigned("PUT", object, Map.of()), "the user's data").statusCode())
        .isEqualTo(200);
    ComponentKeys.Trust sc = scKeys.trust().orElseThrow();
    for (String path : List.of(object, "/services/Walrus/users-bucket", "/services/Walrus/")) {
      // As a node would ask, and with no operation: refused as not a node.
      for (String op : new String[] {"GetDecryptedImage", null}) {
        HttpResponse<String> r = send("GET", path, certSigned("GET", path, sc.certificate(), sc.privateKey(), op), "");
        assertAccessDenied(r, "node controllers only");
      }
      // Naming a snapshot operation: the path is not a snapshot's.
      HttpResponse<String> r = send("GET", path, certSigned("GET", path, sc.certificate(), sc.privateKey(),
          "GetWalrusSnapshot"), "");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("<Code>InvalidArgument</Code>").doesNotContain("the user's data");
    }
    HttpResponse<String> del = send("DELETE", object, certSigned("DELETE", object, sc.certificate(), sc.privateKey(),
        "DeleteWalrusSnapshot"), "");
    assertThat(del.statusCode()).isEqualTo(400);
    assertThat(send("GET", object, userSigned("GET", object, Map.of()), "").body()).isEqualTo("the user's data");
  }

  @Test
  void sizeAndIdempotentDelete() throws Exception {
    assertThat(snapshots.size("snap-0000cccc")).isEmpty();
    snapshots.delete("snap-0000cccc"); // absent: fine
    Path f = tmp.resolve("f");
    Files.write(f, new byte[12345]);
    snapshots.upload("snap-0000cccc", f, n -> { });
    assertThat(snapshots.size("snap-0000cccc")).isEqualTo(OptionalLong.of(12345));
    snapshots.delete("snap-0000cccc");
    assertThat(snapshots.size("snap-0000cccc")).isEmpty();
    ComponentKeys.Trust sc = scKeys.trust().orElseThrow();
    String path = "/services/Walrus/snapshots/snap-0000cccc";
    HttpResponse<String> again = send("DELETE", path, certSigned("DELETE", path, sc.certificate(), sc.privateKey(),
        "DeleteWalrusSnapshot"), "");
    assertThat(again.statusCode()).isEqualTo(204);
    HttpResponse<String> get = send("GET", path, certSigned("GET", path, sc.certificate(), sc.privateKey(),
        "GetWalrusSnapshot"), "");
    assertThat(get.statusCode()).isEqualTo(404);
    assertThat(get.body()).contains("<Code>NoSuchKey</Code>").contains("snap-0000cccc");
    assertThatThrownBy(() -> snapshots.download("snap-0000cccc", tmp.resolve("none"), n -> { }))
        .isInstanceOf(IOException.class).hasMessageContaining("404 NoSuchKey");
  }

  @Test
  void aRangeOfASnapshotAndADigestThatDoesNotMatch() throws Exception {
    Path f = tmp.resolve("r");
    byte[] data = new byte[100_000];
    new Random(3).nextBytes(data);
    Files.write(f, data);
    snapshots.upload("snap-0000dddd", f, n -> { });
    ComponentKeys.Trust sc = scKeys.trust().orElseThrow();
    String path = "/services/Walrus/snapshots/snap-0000dddd";
    Map<String, String> h = new LinkedHashMap<>(certSigned("GET", path, sc.certificate(), sc.privateKey(),
        "GetWalrusSnapshot"));
    h.put("Range", "bytes=10-19");
    HttpResponse<byte[]> part = http.send(request("GET", path, h, ""), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 20));

    Map<String, String> put = new LinkedHashMap<>(certSigned("PUT", path, sc.certificate(), sc.privateKey(),
        "StoreSnapshot"));
    put.remove("Content-MD5");
    put.put("x-amz-content-sha256", "0".repeat(64));
    HttpResponse<String> bad = send("PUT", path, put, "other bytes");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("<Code>XAmzContentSHA256Mismatch</Code>");
    put.remove("x-amz-content-sha256");
    HttpResponse<String> none = send("PUT", path, put, "other bytes");
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.body()).contains("digest");
    // The stored one is untouched.
    assertThat(snapshots.size("snap-0000dddd")).hasValue(100_000);
  }

  @Test
  void anUploadCutShortLeavesNothingAndCanBeRepeated() throws Exception {
    ComponentKeys.Trust sc = scKeys.trust().orElseThrow();
    String path = "/services/Walrus/snapshots/snap-0000eeee";
    Map<String, String> h = new LinkedHashMap<>(certSigned("PUT", path, sc.certificate(), sc.privateKey(),
        "StoreSnapshot"));
    h.put("Host", "127.0.0.1");
    h.put("Content-Length", Long.toString(64 * MIB));
    h.put("x-amz-content-sha256", "ab".repeat(32));
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      StringBuilder head = new StringBuilder("PUT " + path + " HTTP/1.1\r\n");
      h.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[(int) MIB];
      for (int i = 0; i < 20; i++) {
        out.write(chunk);
      }
      out.flush();
    }
    Path storage = tmp.resolve("walrus");
    Await.until("the cut-short upload's files to be gone", Duration.ofSeconds(20),
        () -> filesUnder(storage.resolve("tmp")) == 0 && filesUnder(storage.resolve("data")) == 0);
    assertThat(filesUnder(storage.resolve("snapshots"))).isZero();
    assertThat(snapshots.size("snap-0000eeee")).isEmpty();

    Path f = tmp.resolve("e");
    Files.write(f, new byte[3 * (int) MIB]);
    snapshots.upload("snap-0000eeee", f, n -> { });
    assertThat(snapshots.size("snap-0000eeee")).hasValue(3 * MIB);
  }

  @Test
  void aRestartedWalrusKeepsCompletedSnapshots() throws Exception {
    Path f = tmp.resolve("kept");
    byte[] data = new byte[(int) (5 * MIB + 17)];
    new Random(5).nextBytes(data);
    Files.write(f, data);
    snapshots.upload("snap-0000ffff", f, n -> { });
    stop();
    startWalrus();
    assertThat(snapshots.size("snap-0000ffff")).hasValue(data.length);
    Path back = tmp.resolve("back");
    snapshots.download("snap-0000ffff", back, n -> { });
    assertThat(Files.readAllBytes(back)).isEqualTo(data);
  }

  private static void assertAccessDenied(HttpResponse<String> r, String why) {
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).startsWith("<?xml").contains("<Error>").contains("<Code>AccessDenied</Code>").contains(why);
  }

  private HttpResponse<String> send(String method, String path, Map<String, String> headers, String body)
      throws Exception {
    return http.send(request(method, path, headers, body), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String method, String path, Map<String, String> headers, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach((k, v) -> {
      if (!k.equalsIgnoreCase("Host")) {
        b.header(k, v);
      }
    });
    return b.build();
  }

  private static Map<String, String> certSigned(String method, String path, X509Certificate cert, PrivateKey key,
      String operation) throws Exception {
    Map<String, String> h = new LinkedHashMap<>(EucaCertAuth.sign(method, path, cert, key, Instant.now()));
    if (operation != null) {
      h.put("EucaOperation", operation);
    }
    if (method.equals("PUT")) {
      h.put("Content-MD5", java.util.Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5")
          .digest("x".getBytes(StandardCharsets.UTF_8))));
    }
    return h;
  }

  private Map<String, String> userSigned(String method, String path, Map<String, String> extra) {
    URI u = URI.create("http://127.0.0.1:" + server.port() + path);
    Map<String, String> h = new LinkedHashMap<>(extra);
    h.putAll(new S3Signer(ADMIN.accessKeyId(), ADMIN.secretKey(), "eucalyptus").sign(method, u, extra,
        org.eucalyptus.common.auth.SigV4.UNSIGNED_PAYLOAD, Instant.now()));
    return h;
  }

  /** 1 MiB of random bytes every 4 MiB, holes between: a volume mostly never written. */
  private static Path sparseVolume(Path p, long size) throws IOException {
    Random rnd = new Random(19);
    byte[] chunk = new byte[(int) MIB];
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(size);
      for (long at = 0; at < size; at += 4 * MIB) {
        rnd.nextBytes(chunk);
        f.seek(at);
        f.write(chunk);
      }
    }
    return p;
  }

  private static String sha256(Path p) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(p)) {
      byte[] buf = new byte[(int) MIB];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  /** What the file takes on disk (st_blocks), from stat(1). */
  private static long allocatedBytes(Path p) throws Exception {
    Process stat = new ProcessBuilder("stat", "-c", "%b %B", p.toString()).start();
    String[] out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip().split(" ");
    assertThat(stat.waitFor()).isZero();
    return Long.parseLong(out[0]) * Long.parseLong(out[1]);
  }

  private static long filesUnder(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
