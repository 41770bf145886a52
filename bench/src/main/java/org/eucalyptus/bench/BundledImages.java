package org.eucalyptus.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.images.ImageBundler;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.walrus.Walrus;
import org.eucalyptus.walrus.images.CloudKeys;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Images as users register them, for bench/nc-guests: bundled (encrypted, signed, in parts) with a
 * user's certificate from the cloud CA, uploaded to a Walrus in this process, and fetched by a node
 * through GetDecryptedImage, which checks the manifest's signature and the node's certificate and
 * decrypts the bundle on the first request.
 */
final class BundledImages implements AutoCloseable {
  private static final String ACCOUNT = WalrusProcess.KEY.accountNumber();
  private static final String BUCKET = "bench-images";

  private final Path work;
  private final CloudCa ca;
  private final CloudCa.Issued user;
  private final Walrus walrus;
  private final HttpServer server;
  private final S3Client s3;

  BundledImages(Path work, CloudCa ca) throws Exception {
    this.work = work;
    this.ca = ca;
    this.user = ca.issue(ACCOUNT, "admin");
    this.walrus = new Walrus(EucaConf.of(Map.of("WALRUS_STORAGE_DIR", work.resolve("walrus").toString())),
        id -> id.equals(WalrusProcess.KEY.accessKeyId()) ? Optional.of(WalrusProcess.KEY) : Optional.empty(),
        new Walrus.ImageTrust(new CloudKeys(ca.certificate(), ca.privateKey()),
            account -> account.equals(ACCOUNT) ? List.of(user.certificate()) : List.of()));
    this.server = new HttpServer("walrus-bench", new InetSocketAddress("127.0.0.1", 0), walrus.routes()).start();
    this.s3 = S3Client.builder().endpointOverride(URI.create(base())).forcePathStyle(true)
        .region(Region.of("eucalyptus")).httpClient(Apache5HttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            WalrusProcess.KEY.accessKeyId(), WalrusProcess.KEY.secretKey()))).build();
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  private String base() {
    return "http://127.0.0.1:" + server.port() + "/services/Walrus";
  }

  /** Bundles {@code image} under {@code name} and uploads it; returns its manifest's URL, as a node is given it. */
  String register(Path image, String name) throws Exception {
    Path dest = work.resolve("bundles").resolve(name);
    ImageBundler.Result r = ImageBundler.bundle(new ImageBundler.Request(image, dest, name, ACCOUNT, "x86_64",
        "machine", null, null, List.of(), user.certificate(), Pem.privateKey(user.privateKeyPem()), ca.certificate(),
        ImageBundler.DEFAULT_PART_SIZE), n -> { });
    for (Path part : r.partFiles()) {
      s3.putObject(b -> b.bucket(BUCKET).key(part.getFileName().toString()), RequestBody.fromFile(part));
    }
    String manifest = r.manifestFile().getFileName().toString();
    s3.putObject(b -> b.bucket(BUCKET).key(manifest), RequestBody.fromFile(r.manifestFile()));
    try (var files = Files.walk(dest)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    return base() + "/" + BUCKET + "/" + manifest;
  }

  @Override
  public void close() {
    s3.close();
    server.close();
    walrus.close();
  }
}
