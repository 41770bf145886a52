package org.eucalyptus.tools.admin;

import org.eucalyptus.common.credentials.EucarcFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin CLI against a real cloud controller: properties, and what a mistake prints. */
@IntegrationTest
class EucaAdminTest {
  @TempDir static Path tmp;
  static CloudController clc;
  static HttpServer server;
  static String eucarc;

  @BeforeAll
  static void start() throws Exception {
    clc = new CloudController(EucaConf.of(Map.of("CLC_DATA_DIR", tmp.resolve("clc").toString()))).start();
    server = new HttpServer("clc-cli-test", new InetSocketAddress("127.0.0.1", 0), clc.routes()).start();
    eucarc = clc.writeAdminCredentials("127.0.0.1", server.port()).toString();
  }

  @AfterAll
  static void stop() {
    server.close();
    clc.close();
  }

  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int status = EucaAdmin.run(args);
      return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void propertiesAreReadChangedAndTakeEffect() throws Exception {
    Run all = run("describe-properties", "--eucarc", eucarc);
    assertThat(all.status()).isZero();
    assertThat(all.out()).contains("PROPERTY\tcloud.images.default_visibility\ttrue")
        .contains("PROPERTY\tbootstrap.webservices.clock_skew_sec\t900");

    Run set = run("modify-property", "--eucarc", eucarc, "-p", "cloud.images.default_visibility=false");
    assertThat(set.status()).isZero();
    assertThat(set.out()).contains("cloud.images.default_visibility\tfalse was true");
    // It takes effect at once: a newly registered image is private.
    Path img = Files.write(tmp.resolve("p.img"), new byte[8]);
    Run reg = run("register-image", "--eucarc", eucarc, "--file", img.toString());
    String emi = reg.out().strip().split("\t")[1];
    assertThat(clc.images().find(emi).orElseThrow().isPublic()).isFalse();

    assertThat(run("modify-property", "--eucarc", eucarc, "-r", "cloud.images.default_visibility").status()).isZero();
    assertThat(run("describe-properties", "--eucarc", eucarc, "cloud.images").out())
        .isEqualTo("PROPERTY\tcloud.images.default_visibility\ttrue\n");
  }

  @Test
  void accountsAndACredentialsZip() throws Exception {
    Run made = run("create-account", "--eucarc", eucarc, "zipco");
    assertThat(made.status()).as(made.err()).isZero();
    assertThat(made.out()).matches("ACCOUNT\tzipco\t\\d{12}\n");
    assertThat(run("list-accounts", "--eucarc", eucarc).out()).contains("ACCOUNT\teucalyptus\t")
        .contains("ACCOUNT\tzipco\t");
    assertThat(run("create-account", "--eucarc", eucarc, "zipco").err()).contains("EntityAlreadyExists");

    Path zip = tmp.resolve("zipco-admin.zip");
    Run got = run("get-credentials", "--eucarc", eucarc, "--cred-account", "zipco", zip.toString());
    assertThat(got.status()).as(got.err()).isZero();
    Path dir = Files.createDirectories(tmp.resolve("unzipped"));
    java.util.List<String> names = new java.util.ArrayList<>();
    try (var z = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
      for (var e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        names.add(e.getName());
        Files.write(dir.resolve(e.getName()), z.readAllBytes());
      }
    }
    assertThat(names).contains("eucarc", "iamrc", "cloud-cert.pem");
    assertThat(names).anyMatch(n -> n.matches("euca2-admin-[0-9a-f]{8}-pk.pem"))
        .anyMatch(n -> n.matches("euca2-admin-[0-9a-f]{8}-cert.pem"));
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(zip)))
        .isEqualTo("rw-------");
    // The certificate is the cloud CA's, and the keys in the eucarc work, for account zipco.
    String certName = names.stream().filter(n -> n.endsWith("-cert.pem")).findFirst().orElseThrow();
    org.eucalyptus.clc.pki.CloudCa.readCert(Files.readString(dir.resolve(certName)))
        .verify(org.eucalyptus.clc.pki.CloudCa.readCert(Files.readString(dir.resolve("cloud-cert.pem"))).getPublicKey());
    Map<String, String> rc = EucarcFile.read(dir.resolve("eucarc"));
    assertThat(rc.get("EC2_ACCOUNT_NUMBER")).isEqualTo(made.out().strip().split("\t")[2]);
    // Sourced as euca2ools 3's users do, every file it names is there and every endpoint is set.
    assertThat(EucarcSourcing.problems(dir.resolve("eucarc"))).isEmpty();
    assertKeyOfCertificate(Path.of(rc.get("EC2_PRIVATE_KEY")), Path.of(rc.get("EC2_CERT")));
    String who = new Ec2QueryClient(java.net.URI.create(rc.get("EC2_URL")), rc.get("EC2_ACCESS_KEY"),
        rc.get("EC2_SECRET_KEY"), "eucalyptus").euare().call("GetUser", Map.of());
    assertThat(Ec2QueryClient.element(who, "Arn")).startsWith("arn:aws:iam::" + rc.get("EC2_ACCOUNT_NUMBER"));
  }

  /**
   * The eucarc the CLC writes into its data directory (the one cloud-in-a-box points at) is a whole
   * credentials directory: sourced in bash with {@code set -u}, every file it names exists (the cloud
   * certificate, the admin's certificate and key, the credential file) and every endpoint is set; a
   * second start keeps the admin's certificate instead of issuing another.
   */
  @Test
  void theDataDirectoryEucarcIsAWholeCredentialsDirectory() throws Exception {
    Path rcFile = Path.of(eucarc);
    assertThat(EucarcSourcing.problems(rcFile)).isEmpty();
    Map<String, String> rc = EucarcFile.read(rcFile);
    assertThat(rc.get("AWS_IAM_URL")).isEqualTo(rc.get("EUARE_URL")).endsWith("/services/Euare");
    assertThat(Files.readString(Path.of(rc.get("EUCALYPTUS_CERT")))).isEqualTo(clc.ca().certificatePem());
    assertKeyOfCertificate(Path.of(rc.get("EC2_PRIVATE_KEY")), Path.of(rc.get("EC2_CERT")));
    org.eucalyptus.clc.pki.CloudCa.readCert(Files.readString(Path.of(rc.get("EC2_CERT"))))
        .verify(clc.ca().certificate().getPublicKey());
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(Path.of(rc.get("EC2_PRIVATE_KEY"))))).isEqualTo("rw-------");

    clc.writeAdminCredentials("127.0.0.1", server.port());
    assertThat(EucarcFile.read(rcFile).get("EC2_CERT")).isEqualTo(rc.get("EC2_CERT"));
    try (var certs = Files.newDirectoryStream(rcFile.getParent(), "euca2-admin-*")) {
      assertThat(certs).hasSize(2);
    }
    assertThat(EucarcSourcing.problems(rcFile)).isEmpty();
  }

  /** The private key in {@code key} is the one whose public half {@code cert} carries. */
  static void assertKeyOfCertificate(Path key, Path cert) throws Exception {
    java.security.Signature sign = java.security.Signature.getInstance("SHA256withRSA");
    sign.initSign(org.eucalyptus.common.pki.Pem.privateKey(Files.readString(key)));
    sign.update(key.toString().getBytes(StandardCharsets.UTF_8));
    byte[] signature = sign.sign();
    java.security.Signature verify = java.security.Signature.getInstance("SHA256withRSA");
    verify.initVerify(org.eucalyptus.clc.pki.CloudCa.readCert(Files.readString(cert)).getPublicKey());
    verify.update(key.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(verify.verify(signature)).as("the key in %s belongs to the certificate in %s", key, cert).isTrue();
  }

  @Test
  void mistakesGetOneClearLineAndAnExitStatus() {
    Run bad = run("modify-property", "--eucarc", eucarc, "-p", "cloud.vmstate.terminated_time=soon");
    assertThat(bad.status()).isEqualTo(1);
    assertThat(bad.err()).startsWith("euca-admin: InvalidParameterValue:").contains("a number of minutes");
    Run unknown = run("modify-property", "--eucarc", eucarc, "-p", "no.such.property=1");
    assertThat(unknown.err()).contains("No property named no.such.property");
    Run usage = run("modify-property", "--eucarc", eucarc);
    assertThat(usage.status()).isEqualTo(2);
    Run noFile = run("register-image", "--eucarc", eucarc, "--file", "/no/such/file");
    assertThat(noFile.status()).isEqualTo(1);
    assertThat(noFile.err()).contains("cannot read /no/such/file");
  }
}
