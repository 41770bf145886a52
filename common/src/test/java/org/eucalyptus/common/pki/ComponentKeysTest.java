package org.eucalyptus.common.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A component's own key and what the cloud enrols it with, on a real file system. */
@UnitTest
class ComponentKeysTest {
  @TempDir Path dir;

  /** A certificate for {@code key}, signed by {@code ca}: what the cloud controller issues. */
  private static java.security.cert.X509Certificate certify(TestCa ca, String subject, java.security.PublicKey key)
      throws Exception {
    Instant now = Instant.now();
    return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
        X500Name.getInstance(ca.cert.getSubjectX500Principal().getEncoded()), BigInteger.valueOf(7),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), key)
        .build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.keys.getPrivate())));
  }

  @Test
  void enrolsOnlyWithACertificateForItsOwnKeyAndRoleAndKeepsItAcrossRestarts() throws Exception {
    ComponentKeys keys = ComponentKeys.open(dir, ComponentIdentity.NODE);
    try (var written = Files.list(dir)) {
      assertThat(written).isEmpty(); // nothing written until someone asks
    }
    ComponentKeys.Identity before = keys.identity();
    assertThat(before.publicKeyPem()).contains("PUBLIC KEY");
    assertThat(before.certificatePem()).isNull();
    assertThat(Files.getPosixFilePermissions(dir.resolve("node-pk.pem")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    TestCa ca = new TestCa("CN=cloud, O=Cloud");
    String caPem = Pem.write(ca.cert);
    // Missing or unreadable parts, another key, another role, another CA's signature: refused, nothing written.
    assertThatThrownBy(() -> keys.installPem(null, caPem)).isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("certificate is missing");
    assertThatThrownBy(() -> keys.installPem("junk", caPem)).isInstanceOf(GeneralSecurityException.class);
    String other = Pem.write(ca.issue(ComponentIdentity.subject(ComponentIdentity.NODE, "h")).cert());
    assertThatThrownBy(() -> keys.installPem(other, caPem)).hasMessageContaining("not for this node's key");
    String cluster = Pem.write(certify(ca, ComponentIdentity.subject(ComponentIdentity.CLUSTER, "h"), keys.publicKey()));
    assertThatThrownBy(() -> keys.installPem(cluster, caPem)).hasMessageContaining("is not a node's");
    TestCa stranger = new TestCa("CN=other, O=Cloud");
    String mine = Pem.write(certify(ca, ComponentIdentity.subject(ComponentIdentity.NODE, "h"), keys.publicKey()));
    assertThatThrownBy(() -> keys.installPem(mine, Pem.write(stranger.cert)))
        .isInstanceOf(GeneralSecurityException.class);
    assertThat(keys.trust()).isEmpty();
    assertThat(dir.resolve("node-cert.pem")).doesNotExist();

    keys.installPem(mine, caPem);
    assertThat(keys.trust()).hasValueSatisfying(t -> assertThat(t.cloudCa()).isEqualTo(ca.cert));
    ComponentKeys reopened = ComponentKeys.open(dir, ComponentIdentity.NODE);
    assertThat(reopened.trust()).isPresent();
    assertThat(reopened.identity().publicKeyPem()).isEqualTo(before.publicKeyPem());
    assertThat(reopened.identity().certificatePem()).isEqualTo(Pem.write(Pem.certificate(mine)));
  }

  @Test
  void refusesACloudCertificateWhoseOwnSignatureDoesNotHold() throws Exception {
    ComponentKeys keys = ComponentKeys.open(dir, ComponentIdentity.CLUSTER);
    TestCa ca = new TestCa("CN=cloud, O=Cloud");
    java.security.cert.X509Certificate mine =
        certify(ca, ComponentIdentity.subject(ComponentIdentity.CLUSTER, "c"), keys.publicKey());
    // The CA's certificate with its last signature byte changed: its key still verifies ours.
    byte[] der = ca.cert.getEncoded();
    der[der.length - 1] ^= 1;
    java.security.cert.X509Certificate damaged = (java.security.cert.X509Certificate)
        java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
    mine.verify(damaged.getPublicKey()); // what the install checked before
    assertThatThrownBy(() -> keys.install(mine, damaged)).isInstanceOf(GeneralSecurityException.class);
    assertThat(keys.trust()).isEmpty();
    assertThat(keys.install(mine, ca.cert).cloudCa()).isEqualTo(ca.cert);
  }
}
