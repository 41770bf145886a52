package org.eucalyptus.common.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away certificate authority for tests: a key pair and certificates it signs. */
public final class TestCa {
  public final KeyPair keys;
  public final X509Certificate cert;

  public TestCa(String subject) throws Exception {
    this.keys = rsa();
    this.cert = sign(subject, keys, new X500Name(subject), keys, true, Duration.ofDays(30));
  }

  /** A new key pair and a certificate for it, signed by this CA. */
  public Issued issue(String subject) throws Exception {
    return issue(subject, Duration.ofDays(30));
  }

  /** As {@link #issue(String)}, valid from a day ago until {@code validFor} from now. */
  public Issued issue(String subject, Duration validFor) throws Exception {
    KeyPair kp = rsa();
    return new Issued(kp, sign(subject, kp, X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()), keys,
        false, validFor));
  }

  public record Issued(KeyPair keys, X509Certificate cert) {}

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static X509Certificate sign(String subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
      boolean ca, Duration validFor) throws Exception {
    Instant now = Instant.now();
    var b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(validFor)), new X500Name(subject),
        subjectKeys.getPublic());
    // A CA says so (PKIX path validation, as WS-Security does it, insists).
    b.addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true,
        new org.bouncycastle.asn1.x509.BasicConstraints(ca));
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
  }
}
