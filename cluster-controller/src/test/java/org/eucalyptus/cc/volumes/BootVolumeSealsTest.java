package org.eucalyptus.cc.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.common.pki.SealedSecrets;
import org.eucalyptus.testfixtures.UnitTest;
import org.eucalyptus.wsdl.types.VirtualBootRecordType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boot from EBS: the CHAP password of an instance's root volume arrives sealed for the cluster
 * controller (the node is not chosen yet) and leaves sealed for the chosen node, with real keys:
 * the cluster controller's own {@link ComponentKeys}, enrolled with a cloud CA made here. Only the
 * node's key opens what goes to the node; a certificate the cloud did not issue, or a password not
 * sealed for this cluster controller, is refused with the reason.
 */
@UnitTest
class BootVolumeSealsTest {
  @TempDir Path tmp;

  record Ca(KeyPair keys, X509Certificate cert) {
    static Ca create(String name) throws Exception {
      KeyPair kp = rsa();
      return new Ca(kp, sign("CN=" + name, kp.getPublic(), new X500Name("CN=" + name), kp, true));
    }

    X509Certificate issue(String subject, PublicKey key) throws Exception {
      return sign(subject, key, X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()), keys, false);
    }
  }

  static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  static X509Certificate sign(String subject, PublicKey key, X500Name issuer, KeyPair issuerKeys, boolean ca)
      throws Exception {
    Instant now = Instant.now();
    var b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), new X500Name(subject), key);
    b.addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true,
        new org.bouncycastle.asn1.x509.BasicConstraints(ca));
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
  }

  static VirtualBootRecordType ebsRoot(String sealedPassword) {
    VirtualBootRecordType r = new VirtualBootRecordType();
    r.setType("ebs");
    r.setId("vol-0000b001");
    r.setGuestDeviceName("sda1");
    r.setResourceLocation("iscsi://127.0.0.1:13430/iqn.2010-05.org.eucalyptus:127.0.0.1:vol-0000b001/1");
    r.setFormat("raw");
    r.setSize(1L << 30);
    r.setChapUser("euca-0a1b2c");
    r.setChapPassword(sealedPassword);
    return r;
  }

  @Test
  void thePasswordSealedForTheClusterIsSealedAgainForTheChosenNodeOnly() throws Exception {
    Ca cloud = Ca.create("cloud");
    ComponentKeys cc = ComponentKeys.open(tmp.resolve("cc"), ComponentIdentity.CLUSTER);
    BootVolumeSeals seals = new BootVolumeSeals(cc);
    PublicKey ccKey = cc.publicKey();
    String forCluster = SealedSecrets.seal("s3cret-chap", ccKey);
    KeyPair node = rsa();
    String nodePem = Pem.write(cloud.issue(ComponentIdentity.subject(ComponentIdentity.NODE, "10.0.0.5"),
        node.getPublic()));

    // Not enrolled yet: it has no certificate the storage controller could have sealed for.
    assertThatThrownBy(() -> seals.forNode(List.of(ebsRoot(forCluster)), nodePem))
        .isInstanceOf(BootVolumeSeals.SealException.class).hasMessageContaining("not enrolled");

    cc.install(cloud.issue(ComponentIdentity.subject(ComponentIdentity.CLUSTER, "zone1"), ccKey), cloud.cert());
    VirtualBootRecordType out = seals.forNode(List.of(ebsRoot(forCluster)), nodePem).get(0);
    assertThat(SealedSecrets.open(out.getChapPassword(), node.getPrivate())).isEqualTo("s3cret-chap");
    assertThatThrownBy(() -> SealedSecrets.open(out.getChapPassword(), cc.privateKey().orElseThrow()))
        .as("what goes to the node is the node's alone").isInstanceOf(GeneralSecurityException.class);
    assertThat(out.getChapUser()).isEqualTo("euca-0a1b2c");
    assertThat(out.getResourceLocation()).endsWith(":vol-0000b001/1");
    assertThat(out.getGuestDeviceName()).isEqualTo("sda1");
    assertThat(out.getType()).isEqualTo("ebs");

    // A node certificate another CA issued gets nothing.
    Ca other = Ca.create("other-cloud");
    String strangerPem = Pem.write(other.issue(ComponentIdentity.subject(ComponentIdentity.NODE, "10.0.0.6"),
        rsa().getPublic()));
    assertThatThrownBy(() -> seals.forNode(List.of(ebsRoot(forCluster)), strangerPem))
        .isInstanceOf(BootVolumeSeals.SealException.class).hasMessageContaining("not one of this cloud's");
    assertThatThrownBy(() -> seals.forNode(List.of(ebsRoot(forCluster)), null))
        .isInstanceOf(BootVolumeSeals.SealException.class).hasMessageContaining("no certificate");
    // A password sealed for someone else (e.g. the node directly) cannot be passed on.
    String forNode = SealedSecrets.seal("s3cret-chap", node.getPublic());
    assertThatThrownBy(() -> seals.forNode(List.of(ebsRoot(forNode)), nodePem))
        .isInstanceOf(BootVolumeSeals.SealException.class).hasMessageContaining("vol-0000b001");
    // Records without a password (an export without CHAP) pass as they are, even to an unenrolled CC.
    assertThat(new BootVolumeSeals(ComponentKeys.open(tmp.resolve("cc2"), ComponentIdentity.CLUSTER))
        .forNode(List.of(ebsRoot(null)), null).get(0).getChapPassword()).isNull();
  }
}
