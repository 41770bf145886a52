package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;

/** Key pairs through the EC2 API, with fingerprints checked against OpenSSH and OpenSSL. */
@IntegrationTest
class KeyPairsTest {
  @TempDir static Path tmp;
  static ClcApiFixture f;
  static Ec2Client admin;
  static AccessKeyOwner tenantKey;
  static Ec2Client tenant;

  @BeforeAll
  static void start() throws Exception {
    f = new ClcApiFixture(tmp.resolve("clc"));
    admin = f.ec2(f.clc.admin());
    tenantKey = f.newAccount("keys-tenant");
    tenant = f.ec2(tenantKey);
    tenant.createKeyPair(r -> r.keyName("tenant-key"));
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(admin, tenant, f);
  }

  static String sh(String command) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as(command + ": " + out).isZero();
    return out;
  }

  static void needTools() {
    boolean ok = new java.io.File("/usr/bin/ssh-keygen").canExecute() && new java.io.File("/usr/bin/openssl").canExecute();
    if (!ok && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("ssh-keygen and openssl are needed (apt-get install openssh-client openssl)");
    }
    Assumptions.assumeTrue(ok, "ssh-keygen and openssl are not installed");
  }

  @Test
  void createdKeysHaveTheFingerprintAwsShows() throws Exception {
    needTools();
    CreateKeyPairResponse k = admin.createKeyPair(r -> r.keyName("made-here"));
    assertThat(k.keyMaterial()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    Path pem = Files.writeString(tmp.resolve("made-here.pem"), k.keyMaterial());
    // AWS's documented way to check a fingerprint of a key it created.
    String expected = sh("openssl pkcs8 -in " + pem + " -inform PEM -outform DER -topk8 -nocrypt | openssl sha1 -c")
        .replaceAll("^.*= ", "");
    assertThat(k.keyFingerprint()).isEqualTo(expected);
    assertThat(admin.describeKeyPairs(r -> r.keyNames("made-here")).keyPairs())
        .extracting(KeyPairInfo::keyFingerprint).containsExactly(expected);
    assertThatThrownBy(() -> admin.createKeyPair(r -> r.keyName("made-here")))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidKeyPair.Duplicate"));
  }

  @Test
  void importedKeysRsaAndEd25519() throws Exception {
    needTools();
    for (String type : List.of("rsa", "ed25519")) {
      Path key = tmp.resolve("id_" + type);
      sh("ssh-keygen -q -t " + type + " -N '' -C me@laptop -f " + key);
      String pub = Files.readString(Path.of(key + ".pub"));
      String expected = type.equals("rsa")
          ? sh("ssh-keygen -e -m PKCS8 -f " + key + ".pub | openssl pkey -pubin -outform DER | openssl md5 -c")
              .replaceAll("^.*= ", "")
          : sh("ssh-keygen -l -E sha256 -f " + key + ".pub").split(" ")[1].substring("SHA256:".length()) + "=";
      var resp = admin.importKeyPair(r -> r.keyName("imported-" + type)
          .publicKeyMaterial(SdkBytes.fromString(pub, StandardCharsets.US_ASCII)));
      assertThat(resp.keyFingerprint()).isEqualTo(expected);
    }
    assertThatThrownBy(() -> admin.importKeyPair(r -> r.keyName("junk")
        .publicKeyMaterial(SdkBytes.fromUtf8String("ssh-rsa bm90IGEga2V5 x"))))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidKey.Format"));
  }

  @Test
  void describeDeleteAndIsolation() {
    admin.createKeyPair(r -> r.keyName("shared-name"));
    tenant.createKeyPair(r -> r.keyName("shared-name"));
    tenant.createKeyPair(r -> r.keyName("tenant-only"));
    assertThat(tenant.describeKeyPairs().keyPairs()).extracting(KeyPairInfo::keyName)
        .containsExactly("shared-name", "tenant-key", "tenant-only");
    assertThat(admin.describeKeyPairs().keyPairs()).extracting(KeyPairInfo::keyName).doesNotContain("tenant-only");
    assertThatThrownBy(() -> admin.describeKeyPairs(r -> r.keyNames("tenant-only")))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidKeyPair.NotFound"));
    assertThat(tenant.describeKeyPairs(r -> r
        .filters(Filter.builder().name("key-name").values("tenant-*").build())).keyPairs())
        .extracting(KeyPairInfo::keyName).containsExactly("tenant-key", "tenant-only");
    tenant.deleteKeyPair(r -> r.keyName("tenant-only"));
    tenant.deleteKeyPair(r -> r.keyName("tenant-only")); // EC2 does not mind deleting twice
    assertThat(tenant.describeKeyPairs().keyPairs()).extracting(KeyPairInfo::keyName)
        .containsExactly("shared-name", "tenant-key");
    assertThat(admin.describeKeyPairs(r -> r.keyNames("shared-name")).keyPairs()).hasSize(1);
  }

  @Test
  void runInstancesChecksTheKeyName() throws Exception {
    Path image = Files.write(tmp.resolve("img"), new byte[16]);
    String emi = f.clc.images().register(f.clc.admin().accountNumber(), "img", null, image.toUri().toString(),
        "machine", "x86_64", null, null, true).imageId();
    assertThatThrownBy(() -> tenant.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1).keyName("no-such-key")))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidKeyPair.NotFound"));
    // Another account's key is not yours to use.
    assertThatThrownBy(() -> admin.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1).keyName("tenant-key")))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidKeyPair.NotFound"));
  }
}
