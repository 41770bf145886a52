package org.eucalyptus.tools.bundle;

import org.eucalyptus.common.credentials.EucarcFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.auth.EucaCertAuth;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.tools.CloudMain;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole image flow as a user runs it, with a credentials zip from euca-admin: euca-bundle-image,
 * euca-upload-bundle and euca-register against a real cloud (CLC and Walrus on one port), then the
 * decrypted image fetched the way a node controller does, with a node certificate from the cloud CA.
 */
@IntegrationTest
class ImageBundleFlowTest {
  @TempDir static Path tmp;
  static CloudMain cloud;
  static Path aliceRc;
  static Map<String, String> alice;
  static Path bobRc;
  static CloudCa.Issued node;
  static org.eucalyptus.testfixtures.TestPostgres postgres;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    // On PostgreSQL too when the build asks for it (euca.test.db=postgresql).
    postgres = org.eucalyptus.testfixtures.TestPostgres.requested() ? org.eucalyptus.testfixtures.TestPostgres.create("euca_e2e") : null;
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString())).with(postgres == null ? Map.of() : postgres.settings("CLC")));
    String adminRc = cloud.clc().dataDir().resolve("eucarc").toString();
    aliceRc = credentials(adminRc, "alice");
    alice = EucarcFile.read(aliceRc);
    bobRc = credentials(adminRc, "bob");
    node = cloud.clc().ca().issueComponent(ComponentIdentity.NODE, "node1.example");
  }

  /** A new account, and its admin's credentials zip unpacked: the eucarc's path. */
  static Path credentials(String adminRc, String account) throws Exception {
    assertThat(EucaAdmin.run("create-account", "--eucarc", adminRc, account)).isZero();
    Path zip = tmp.resolve(account + ".zip");
    assertThat(EucaAdmin.run("get-credentials", "--eucarc", adminRc, "--cred-account", account, zip.toString()))
        .isZero();
    Path dir = Files.createDirectories(tmp.resolve(account + "-creds"));
    try (var z = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
      for (var e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        Files.write(dir.resolve(e.getName()), z.readAllBytes());
      }
    }
    return dir.resolve("eucarc");
  }

  @AfterAll
  static void stop() {
    if (cloud != null) {
      cloud.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  record Run(int status, String out, String err) {}

  static Run tool(String command, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int status = ImageTools.run(command, args);
      return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  static byte[] randomImage(Path file, int size, long seed) throws Exception {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    Files.write(file, b);
    return b;
  }

  /** Bundles and uploads {@code image} into {@code bucket} as alice; returns the manifest location. */
  static String bundleAndUpload(Path image, String bucket, String... bundleFlags) {
    Path out = tmp.resolve("bundle-" + image.getFileName());
    List<String> args = new ArrayList<>(List.of("-i", image.toString(), "-d", out.toString(),
        "--config", aliceRc.toString(), "--part-size", "1048576", "--progress"));
    args.addAll(List.of(bundleFlags));
    Run b = tool("euca-bundle-image", args.toArray(String[]::new));
    assertThat(b.status()).as(b.err()).isZero();
    assertThat(b.out()).contains("Wrote manifest " + out.resolve(image.getFileName() + ".manifest.xml"));
    assertThat(b.err()).contains("Bundling").contains("100%");
    Run u = tool("euca-upload-bundle", "-b", bucket, "-m", out.resolve(image.getFileName() + ".manifest.xml").toString(),
        "--config", aliceRc.toString(), "--progress");
    assertThat(u.status()).as(u.err()).isZero();
    assertThat(u.err()).contains("Uploading").contains("100%");
    String location = bucket + "/" + image.getFileName() + ".manifest.xml";
    assertThat(u.out()).contains("Uploaded " + location);
    return location;
  }

  static String register(Path rc, String location, String... flags) {
    List<String> args = new ArrayList<>(List.of(location, "--config", rc.toString()));
    args.addAll(List.of(flags));
    Run r = tool("euca-register", args.toArray(String[]::new));
    assertThat(r.status()).as(r.err()).isZero();
    return r.out().strip().split("\t")[1];
  }

  /** GetDecryptedImage as a node controller does it. */
  static HttpResponse<byte[]> fetchDecrypted(String location, java.security.cert.X509Certificate cert,
      java.security.PrivateKey key, boolean withOperation) throws Exception {
    String path = "/services/Walrus/" + location;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.port() + path)).GET();
    EucaCertAuth.sign("GET", path, cert, key, Instant.now()).forEach(b::header);
    if (withOperation) {
      b.header("EucaOperation", "GetDecryptedImage");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<byte[]> fetchAsNode(String location) throws Exception {
    return fetchDecrypted(location, node.certificate(), Pem.privateKey(node.privateKeyPem()), true);
  }

  static Ec2Client ec2(Map<String, String> rc) {
    return Ec2Client.builder().endpointOverride(URI.create(rc.get("EC2_URL"))).region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(rc.get("EC2_ACCESS_KEY"), rc.get("EC2_SECRET_KEY"))))
        .overrideConfiguration(c -> c.addExecutionInterceptor(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
          @Override
          public software.amazon.awssdk.http.SdkHttpRequest modifyHttpRequest(
              software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest context,
              software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().encodedPath("/services/Eucalyptus").build();
          }
        }))
        .httpClient(Apache5HttpClient.create()).build();
  }

  static S3Client s3(Map<String, String> rc) {
    return S3Client.builder().endpointOverride(URI.create(rc.get("S3_URL"))).region(Region.of("eucalyptus"))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(rc.get("EC2_ACCESS_KEY"), rc.get("EC2_SECRET_KEY"))))
        .httpClient(Apache5HttpClient.create()).build();
  }

  @Test
  void bundleUploadRegisterAndBootableImageForNodes() throws Exception {
    byte[] kernelBytes = randomImage(tmp.resolve("vmlinuz"), 700_000, 1);
    String kernelLocation = bundleAndUpload(tmp.resolve("vmlinuz"), "alice-kernels", "--kernel", "true");
    String eki = register(aliceRc, kernelLocation);
    assertThat(eki).matches("eki-[0-9a-f]{8}");

    byte[] image = randomImage(tmp.resolve("disk.img"), 3 * 1024 * 1024 + 777, 2);
    String location = bundleAndUpload(tmp.resolve("disk.img"), "alice-images", "--kernel", eki, "-r", "i386");
    String emi = register(aliceRc, location, "-n", "my-disk", "-d", "a test image");
    assertThat(emi).matches("emi-[0-9a-f]{8}");

    try (Ec2Client ec2 = ec2(alice)) {
      Image described = ec2.describeImages(r -> r.imageIds(emi)).images().get(0);
      assertThat(described.imageLocation()).isEqualTo(location);
      assertThat(described.name()).isEqualTo("my-disk");
      assertThat(described.description()).isEqualTo("a test image");
      assertThat(described.architectureAsString()).isEqualTo("i386");
      assertThat(described.kernelId()).isEqualTo(eki); // taken from the manifest
      assertThat(described.imageTypeAsString()).isEqualTo("machine");
      Image kernel = ec2.describeImages(r -> r.imageIds(eki)).images().get(0);
      assertThat(kernel.imageTypeAsString()).isEqualTo("kernel");
    }

    // The parts and the manifest are ordinary objects, private to alice (aws-exec-read).
    try (S3Client s3 = s3(alice)) {
      assertThat(s3.listObjectsV2(r -> r.bucket("alice-images")).contents()).extracting(o -> o.key())
          .containsExactly("disk.img.manifest.xml", "disk.img.part.00", "disk.img.part.01", "disk.img.part.02",
              "disk.img.part.03");
    }

    HttpResponse<byte[]> got = fetchAsNode(location);
    assertThat(got.statusCode()).as(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(got.body()).isEqualTo(image);
    HttpResponse<byte[]> k = fetchAsNode(kernelLocation);
    assertThat(k.body()).isEqualTo(kernelBytes);
  }

  @Test
  void concurrentRequestsForAnUncachedImageDecryptItOnce() throws Exception {
    byte[] image = randomImage(tmp.resolve("shared.img"), 2 * 1024 * 1024 + 5, 3);
    String location = bundleAndUpload(tmp.resolve("shared.img"), "alice-shared");
    long before = cloud.walrus().images().decryptions();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<HttpResponse<byte[]>>> all = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        all.add(pool.submit(() -> fetchAsNode(location)));
      }
      for (Future<HttpResponse<byte[]>> f : all) {
        assertThat(f.get().statusCode()).isEqualTo(200);
        assertThat(f.get().body()).isEqualTo(image);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cloud.walrus().images().decryptions() - before).isEqualTo(1);
    assertThat(fetchAsNode(location).body()).isEqualTo(image);
    assertThat(cloud.walrus().images().decryptions() - before).isEqualTo(1); // from the cache
  }

  @Test
  void onlyTheCloudsNodesGetDecryptedImages() throws Exception {
    randomImage(tmp.resolve("guarded.img"), 100_000, 4);
    String location = bundleAndUpload(tmp.resolve("guarded.img"), "alice-guarded");
    // alice's own certificate is the cloud CA's, but it is a user's, not a node's.
    Path aliceCert = Path.of(alice.get("EC2_CERT"));
    Path aliceKey = Path.of(alice.get("EC2_PRIVATE_KEY"));
    HttpResponse<byte[]> asUser = fetchDecrypted(location, Pem.readCertificate(aliceCert), Pem.readPrivateKey(aliceKey),
        true);
    assertThat(asUser.statusCode()).isEqualTo(403);
    assertThat(new String(asUser.body(), StandardCharsets.UTF_8)).contains("<Code>AccessDenied</Code>")
        .contains("node controllers only");
    // A node certificate from another cloud's CA.
    CloudCa other = CloudCa.loadOrCreate(tmp.resolve("other-ca"));
    CloudCa.Issued foreign = other.issueComponent(ComponentIdentity.NODE, "intruder");
    HttpResponse<byte[]> asForeign = fetchDecrypted(location, foreign.certificate(),
        Pem.privateKey(foreign.privateKeyPem()), true);
    assertThat(asForeign.statusCode()).isEqualTo(403);
    // No EucaOperation: refused with a reason.
    HttpResponse<byte[]> noOp = fetchDecrypted(location, node.certificate(), Pem.privateKey(node.privateKeyPem()), false);
    assertThat(noOp.statusCode()).isEqualTo(400);
    // An unsigned GET of the manifest is an anonymous S3 read of a private object.
    HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + cloud.port() + "/services/Walrus/" + location)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(403);
    // A manifest that is not there.
    HttpResponse<byte[]> missing = fetchAsNode("alice-guarded/nothing.manifest.xml");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("<Code>NoSuchKey</Code>");
  }

  @Test
  void tamperedMissingAndForeignManifestsAreRefused() throws Exception {
    randomImage(tmp.resolve("tamper.img"), 1_500_000, 5);
    String location = bundleAndUpload(tmp.resolve("tamper.img"), "alice-tamper");
    try (S3Client s3 = s3(alice); Ec2Client ec2 = ec2(alice); Ec2Client bobEc2 = ec2(EucarcFile.read(bobRc))) {
      String manifest = s3.getObjectAsBytes(r -> r.bucket("alice-tamper").key("tamper.img.manifest.xml")).asUtf8String();
      String changed = manifest.replace("<architecture>x86_64</architecture>", "<architecture>i386</architecture>");
      assertThat(changed).isNotEqualTo(manifest);
      s3.putObject(r -> r.bucket("alice-tamper").key("changed.manifest.xml"), RequestBody.fromString(changed));
      assertThatThrownBy(() -> ec2.registerImage(r -> r.imageLocation("alice-tamper/changed.manifest.xml").name("x")))
          .isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidManifest");
            assertThat(e.getMessage()).contains("signature");
          });
      HttpResponse<byte[]> fetched = fetchAsNode("alice-tamper/changed.manifest.xml");
      assertThat(fetched.statusCode()).isEqualTo(400);
      assertThat(new String(fetched.body(), StandardCharsets.UTF_8)).contains("signature");

      assertThatThrownBy(() -> ec2.registerImage(r -> r.imageLocation("alice-tamper/none.manifest.xml").name("x")))
          .isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidManifest");
            assertThat(e.getMessage()).contains("404");
          });
      assertThatThrownBy(() -> ec2.registerImage(r -> r.imageLocation("no-slash").name("x")))
          .isInstanceOfSatisfying(Ec2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
      // bob may not read alice's private manifest, so he cannot register it.
      assertThatThrownBy(() -> bobEc2.registerImage(r -> r.imageLocation(location).name("stolen")))
          .isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidManifest");
            assertThat(e.getMessage()).contains("403");
          });
      // A machine image naming a kernel that is not one.
      String emi = register(aliceRc, location);
      assertThatThrownBy(() -> ec2.registerImage(r -> r.imageLocation(location).name("k").kernelId(emi)))
          .isInstanceOfSatisfying(Ec2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));

      // A part that changed after upload, and one that is gone: the node is told, nothing is cached.
      randomImage(tmp.resolve("broken.img"), 2_200_000, 6);
      String broken = bundleAndUpload(tmp.resolve("broken.img"), "alice-broken");
      s3.putObject(r -> r.bucket("alice-broken").key("broken.img.part.01"), RequestBody.fromString("not the part"));
      HttpResponse<byte[]> corrupt = fetchAsNode(broken);
      assertThat(corrupt.statusCode()).isEqualTo(400);
      assertThat(new String(corrupt.body(), StandardCharsets.UTF_8)).contains("broken.img.part.01");
      s3.deleteObject(r -> r.bucket("alice-broken").key("broken.img.part.01"));
      HttpResponse<byte[]> gone = fetchAsNode(broken);
      assertThat(gone.statusCode()).isEqualTo(400);
      assertThat(new String(gone.body(), StandardCharsets.UTF_8)).contains("is not in bucket");
    }
  }

  @Test
  void toolMistakesGetOneLineAndAStatus() throws Exception {
    Run noImage = tool("euca-bundle-image", "-i", tmp.resolve("absent.img").toString(), "--config", aliceRc.toString());
    assertThat(noImage.status()).isEqualTo(1);
    assertThat(noImage.err()).isEqualTo("euca-bundle-image: cannot read the image file " + tmp.resolve("absent.img") + "\n");
    randomImage(tmp.resolve("x.img"), 1000, 7);
    Path emptyRc = Files.writeString(tmp.resolve("empty-eucarc"), "export EC2_URL=http://127.0.0.1:1/\n");
    Run noCert = tool("euca-bundle-image", "-i", tmp.resolve("x.img").toString(), "--config", emptyRc.toString());
    assertThat(noCert.status()).isEqualTo(1);
    assertThat(noCert.err()).contains("EC2_CERT is not set");
    Run noKeys = tool("euca-register", "alice-x/x.img.manifest.xml", "--config", emptyRc.toString());
    assertThat(noKeys.status()).isEqualTo(1);
    assertThat(noKeys.err()).isEqualTo("euca-register: no access key: source your eucarc, set AWS_ACCESS_KEY_ID"
        + " or EC2_ACCESS_KEY, or pass -I/--access-key-id\n");
    Run usage = tool("euca-upload-bundle", "-m", "x");
    assertThat(usage.status()).isEqualTo(2);
    assertThat(usage.err()).contains("Missing required option").contains("Usage: euca-upload-bundle");
    Path out = tmp.resolve("lonely");
    assertThat(tool("euca-bundle-image", "-i", tmp.resolve("x.img").toString(), "-d", out.toString(),
        "--config", aliceRc.toString()).status()).isZero();
    Files.delete(out.resolve("x.img.part.00"));
    Run noPart = tool("euca-upload-bundle", "-b", "alice-x", "-m", out.resolve("x.img.manifest.xml").toString(),
        "--config", aliceRc.toString());
    assertThat(noPart.status()).isEqualTo(1);
    assertThat(noPart.err()).contains("part x.img.part.00 is not in");
    Run notAKey = tool("euca-unbundle", "-m", out.resolve("x.img.manifest.xml").toString(), "-s", out.toString(),
        "-d", out.toString(), "-k", out.resolve("x.img.manifest.xml").toString());
    assertThat(notAKey.status()).isEqualTo(1);
    assertThat(notAKey.err()).startsWith("euca-unbundle: private key file '" + out.resolve("x.img.manifest.xml")
        + "' is not a PEM private key");
    Run noManifest = tool("euca-unbundle", "-m", out.resolve("none.manifest.xml").toString(), "-s", out.toString(),
        "-d", out.toString(), "--config", aliceRc.toString());
    assertThat(noManifest.status()).isEqualTo(1);
    assertThat(noManifest.err()).isEqualTo("euca-unbundle: cannot read the manifest file "
        + out.resolve("none.manifest.xml") + "\n");
    Run badRegister = tool("euca-register", "alice-x/x.img.manifest.xml", "--config", aliceRc.toString());
    assertThat(badRegister.status()).isEqualTo(1);
    assertThat(badRegister.err()).startsWith("euca-register: InvalidManifest:");
  }

  /**
   * The whole round trip with euca2ools 3's flags and nothing from a settings file: keys and
   * certificates on the command line, -I/-S for the access keys, -U for the services, -a for the
   * architecture at registration (where it used to be the access key), then the bundle back down,
   * unbundled to the same bytes, and deleted with its bucket.
   */
  @Test
  void euca2ools3FlagsFromBundleToDelete() throws Exception {
    byte[] image = randomImage(tmp.resolve("e3.img"), 2 * 1024 * 1024 + 4321, 8);
    Path out = Files.createDirectories(tmp.resolve("e3-bundle"));
    String ak = alice.get("EC2_ACCESS_KEY");
    String sk = alice.get("EC2_SECRET_KEY");
    Run b = tool("euca-bundle-image", "-i", tmp.resolve("e3.img").toString(), "-r", "i386", "-d", out.toString(),
        "-p", "e3", "-c", alice.get("EC2_CERT"), "-k", alice.get("EC2_PRIVATE_KEY"), "-u", alice.get("EC2_USER_ID"),
        "--ec2cert", alice.get("EUCALYPTUS_CERT"), "-B", "ami=sda1,root=/dev/sda1", "--part-size", "1048576");
    assertThat(b.status()).as(b.err()).isZero();
    assertThat(b.out()).contains("Wrote " + out.resolve("e3.part.00")).contains("Wrote manifest " + out.resolve(
        "e3.manifest.xml"));
    assertThat(b.err()).as("no progress bar when stderr is not a terminal").isEmpty();

    Run u = tool("euca-upload-bundle", "-b", "alice-e3/some/prefix", "-m", out.resolve("e3.manifest.xml").toString(),
        "-I", ak, "-S", sk, "-U", alice.get("S3_URL"), "--acl", "aws-exec-read");
    assertThat(u.status()).as(u.err()).isZero();
    assertThat(u.out()).isEqualTo("Uploaded alice-e3/some/prefix/e3.manifest.xml\n");

    Run r = tool("euca-register", "alice-e3/some/prefix/e3.manifest.xml", "-n", "e3-image", "-a", "x86_64",
        "-d", "from euca2ools 3 flags", "-I", ak, "-S", sk, "-U", alice.get("EC2_URL"));
    assertThat(r.status()).as(r.err()).isZero();
    String emi = r.out().strip().split("\t")[1];
    try (Ec2Client ec2 = ec2(alice)) {
      Image described = ec2.describeImages(q -> q.imageIds(emi)).images().get(0);
      assertThat(described.architectureAsString()).as("-a is the architecture, over the manifest's i386")
          .isEqualTo("x86_64");
      assertThat(described.name()).isEqualTo("e3-image");
      assertThat(described.description()).isEqualTo("from euca2ools 3 flags");
    }

    // Down again by prefix, with the keys from an AWS_CREDENTIAL_FILE named by the settings file.
    Path iamrc = Files.writeString(tmp.resolve("e3-iamrc"), "AWSAccessKeyId=" + ak + "\nAWSSecretKey=" + sk + "\n");
    Path rc = Files.writeString(tmp.resolve("e3-eucarc"), "export S3_URL=" + alice.get("S3_URL")
        + "\nexport AWS_CREDENTIAL_FILE=" + iamrc + "\nexport EC2_PRIVATE_KEY=" + alice.get("EC2_PRIVATE_KEY") + "\n");
    Path down = Files.createDirectories(tmp.resolve("e3-down"));
    Run d = tool("euca-download-bundle", "-b", "alice-e3/some/prefix", "-p", "e3", "-d", down.toString(),
        "--config", rc.toString(), "--progress");
    assertThat(d.status()).as(d.err()).isZero();
    assertThat(d.out()).isEqualTo("Wrote manifest " + down.resolve("e3.manifest.xml") + "\n");
    assertThat(d.err()).contains("Downloading").contains("100%");
    for (String part : List.of("e3.part.00", "e3.part.01", "e3.part.02")) {
      assertThat(down.resolve(part)).hasSameBinaryContentAs(out.resolve(part));
    }
    assertThat(down.resolve("e3.manifest.xml")).hasSameTextualContentAs(out.resolve("e3.manifest.xml"));

    // Unbundled with the user's own key (the default from the settings), byte for byte the image.
    Path restored = Files.createDirectories(tmp.resolve("e3-restored"));
    Run x = tool("euca-unbundle", "-m", down.resolve("e3.manifest.xml").toString(), "-s", down.toString(),
        "-d", restored.toString(), "--config", rc.toString(), "--progress");
    assertThat(x.status()).as(x.err()).isZero();
    assertThat(x.out()).isEqualTo("Wrote " + restored.resolve("e3.img") + "\n");
    assertThat(x.err()).contains("Unbundling").contains("100%");
    assertThat(Files.readAllBytes(restored.resolve("e3.img"))).isEqualTo(image);
    try (var listing = Files.list(restored)) {
      assertThat(listing).as("no work files left").containsExactly(restored.resolve("e3.img"));
    }
    // bob's key opens neither copy of the image key
    Map<String, String> bob = EucarcFile.read(bobRc);
    Run wrongKey = tool("euca-unbundle", "-m", down.resolve("e3.manifest.xml").toString(), "-s", down.toString(),
        "-d", restored.toString(), "-k", bob.get("EC2_PRIVATE_KEY"));
    assertThat(wrongKey.status()).isEqualTo(1);
    assertThat(wrongKey.err()).startsWith("euca-unbundle: the image key in the manifest cannot be opened with this"
        + " private key");

    // Deleted, bucket and all.
    Run del = tool("euca-delete-bundle", "-b", "alice-e3/some/prefix", "-m", "e3.manifest.xml", "--clear",
        "-I", ak, "-S", sk, "-U", alice.get("S3_URL"));
    assertThat(del.status()).as(del.err()).isZero();
    try (S3Client s3 = s3(alice)) {
      assertThat(s3.listBuckets().buckets()).extracting(bk -> bk.name()).doesNotContain("alice-e3");
    }
    Run gone = tool("euca-download-bundle", "-b", "alice-e3/some/prefix", "-p", "e3", "-d", down.toString(),
        "--config", aliceRc.toString());
    assertThat(gone.status()).isEqualTo(1);
    assertThat(gone.err()).startsWith("euca-download-bundle: manifest 'alice-e3/some/prefix/e3.manifest.xml' does"
        + " not exist on the server");
  }

  @Test
  void deleteBundleKeepsABucketWithOtherThingsInIt() throws Exception {
    randomImage(tmp.resolve("keep1.img"), 300_000, 9);
    randomImage(tmp.resolve("keep2.img"), 300_000, 10);
    bundleAndUpload(tmp.resolve("keep1.img"), "alice-keep");
    bundleAndUpload(tmp.resolve("keep2.img"), "alice-keep");
    Run del = tool("euca-delete-bundle", "-b", "alice-keep", "-p", "keep1.img", "--clear", "--config",
        aliceRc.toString());
    assertThat(del.status()).isEqualTo(1);
    assertThat(del.err()).startsWith("euca-delete-bundle: BucketNotEmpty");
    try (S3Client s3 = s3(alice)) {
      assertThat(s3.listObjectsV2(q -> q.bucket("alice-keep")).contents()).extracting(o -> o.key())
          .containsExactly("keep2.img.manifest.xml", "keep2.img.part.00");
    }
  }

  /** Command lines euca2ools would refuse get a usage message and status 2; none gets a stack trace. */
  @Test
  void badFlagsGetTheUsageAndStatusTwo() throws Exception {
    randomImage(tmp.resolve("flags.img"), 1000, 11);
    String img = tmp.resolve("flags.img").toString();
    String rc = aliceRc.toString();
    List<List<String>> bad = List.of(
        List.of("euca-bundle-image", "-i", img, "--bogus"),
        List.of("euca-bundle-image", "-i", img, "-r", "sparc", "--config", rc),
        List.of("euca-bundle-image", "-i", img, "--kernel", "true", "--ramdisk", "eri-12345678", "--config", rc),
        List.of("euca-bundle-image", "-i", img, "--ramdisk", "true", "-B", "ami=sda1", "--config", rc),
        List.of("euca-bundle-image", "-i", img, "-B", "ami", "--config", rc),
        List.of("euca-bundle-image", "-r", "x86_64"),
        List.of("euca-upload-bundle", "-b", "x", "-m", img, "--acl", "private", "--config", rc),
        List.of("euca-register", "alice-x/x.manifest.xml", "-a", "sparc", "--config", rc),
        List.of("euca-register", "alice-x/x.manifest.xml", "--root-device-name", "/dev/sda", "--config", rc),
        List.of("euca-register", "alice-x/x.manifest.xml", "-b", "/dev/sdb=bogus", "--config", rc),
        List.of("euca-register", "alice-x/x.manifest.xml", "--virtualization-type", "xen", "--config", rc),
        List.of("euca-register", "-n", "no-manifest", "--config", rc),
        List.of("euca-register", "alice-x/x.manifest.xml", "-A", "i386", "--config", rc),
        List.of("euca-download-bundle", "-b", "alice-x", "--config", rc),
        List.of("euca-download-bundle", "-b", "alice-x", "-m", "a.manifest.xml", "-p", "a", "--config", rc),
        List.of("euca-download-bundle", "-b", "alice-x", "-p", "a", "-d", tmp.resolve("nowhere").toString(),
            "--config", rc),
        List.of("euca-delete-bundle", "-p", "a", "--config", rc),
        List.of("euca-unbundle", "-s", tmp.toString()),
        List.of("euca-unbundle", "-m", img, "-s", tmp.resolve("nowhere").toString(), "--config", rc));
    for (List<String> line : bad) {
      Run r = tool(line.get(0), line.subList(1, line.size()).toArray(String[]::new));
      assertThat(r.status()).as(line + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(line.toString()).contains("Usage: " + line.get(0)).doesNotContain("\tat ");
    }
    // The old -a (access key) of our euca-register is the architecture now, as in euca2ools.
    Run oldStyle = tool("euca-register", "alice-x/x.manifest.xml", "-a", alice.get("EC2_ACCESS_KEY"), "--config", rc);
    assertThat(oldStyle.status()).isEqualTo(2);
    assertThat(oldStyle.err()).contains("-a/--architecture: one of i386, x86_64, armhf");
    assertThat(tool("euca-unbundle", "--help").status()).isZero();
  }

  /** main() as the launcher scripts run it: settings from the environment as after sourcing an eucarc, exit codes. */
  @Test
  void mainTakesItsSettingsFromTheEnvironmentAndExitsWithTheStatus() throws Exception {
    randomImage(tmp.resolve("env.img"), 200_000, 12);
    String location = bundleAndUpload(tmp.resolve("env.img"), "alice-env");
    Map<String, String> env = new java.util.HashMap<>();
    env.put("EC2_URL", alice.get("EC2_URL"));
    env.put("AWS_ACCESS_KEY_ID", alice.get("EC2_ACCESS_KEY")); // the AWS names, without EC2_ACCESS_KEY
    env.put("AWS_SECRET_ACCESS_KEY", alice.get("EC2_SECRET_KEY"));
    Run ok = java(env, "euca-register", location, "-n", "from-env", "-a", "i386");
    assertThat(ok.status()).as(ok.err()).isZero();
    assertThat(ok.out()).matches("IMAGE\temi-[0-9A-Fa-f]{8}\n");
    Run bad = java(env, "euca-delete-bundle", "-b", "alice-env", "-p", "env.img", "--bogus");
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).contains("Unknown option: '--bogus'").contains("Usage: euca-delete-bundle");
    env.remove("AWS_SECRET_ACCESS_KEY");
    Run noSecret = java(env, "euca-register", location, "-n", "x");
    assertThat(noSecret.status()).isEqualTo(1);
    assertThat(noSecret.err()).startsWith("euca-register: no secret key:");
  }

  static Run java(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dlog4j2.level=WARN", ImageTools.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().putAll(env);
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
