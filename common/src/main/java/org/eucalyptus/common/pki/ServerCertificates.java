package org.eucalyptus.common.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS server certificates the cloud CA issues, for whichever component holds its key (the cloud
 * controller, and a Walrus on a host of its own: both keep cloud-pk.pem to decrypt image bundles).
 */
public final class ServerCertificates {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** An IPv4 address in dotted form (what a name in a certificate is when it is not a DNS name or IPv6). */
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private ServerCertificates() {}

  /** A certificate with its new private key, both also in PEM. */
  public record Issued(String certificatePem, String privateKeyPem, X509Certificate certificate) {}

  /** Whether {@code name} is an IP address (v4 dotted, or v6 with its colons) rather than a DNS name. */
  public static boolean isAddress(String name) {
    return name.contains(":") || IPV4.matcher(name).matches();
  }

  /**
   * A key pair and a certificate, signed by {@code caKey} for {@code caCert}, for the host names and
   * addresses a server is reached by. Clients check those against the certificate's subjectAltName
   * (never its subject's CN); the extended key usage says serverAuth; the key identifiers let strict
   * verifiers (OpenSSL's X509_STRICT) build the path to the CA.
   */
  public static Issued issue(PrivateKey caKey, X509Certificate caCert, List<String> names, Duration validity) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one name");
    }
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      KeyPair kp = g.generateKeyPair();
      Instant now = Instant.now();
      // The issuer exactly as the CA's certificate encodes its subject: a re-parsed string form would
      // reverse the RDNs, and PKIX path validation compares them byte for byte.
      X500Name issuer = X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).abs(),
          Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(validity)),
          new X500Name("CN=" + names.get(0).replaceAll("[,=+<>#;\"\\\\]", "_") + ", OU=Eucalyptus, O=Cloud"),
          kp.getPublic());
      JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.stream()
          .map(n -> new GeneralName(isAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
          .toArray(GeneralName[]::new)));
      b.addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(kp.getPublic()));
      b.addExtension(Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(caCert));
      X509Certificate c = new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKey)));
      return new Issued(Pem.write(c), Pem.write(kp.getPrivate()), c);
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("server certificate issue failed: " + e.getMessage(), e);
    }
  }
}
