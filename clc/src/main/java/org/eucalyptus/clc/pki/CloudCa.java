package org.eucalyptus.clc.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cloud's certificate authority: a key pair and self-signed certificate made at first start
 * ({@code keys/cloud-cert.pem}, {@code keys/cloud-pk.pem}), which signs users' certificates and
 * decrypts image bundles.
 */
public final class CloudCa {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrivateKey key;
  private final X509Certificate cert;

  private CloudCa(PrivateKey key, X509Certificate cert) {
    this.key = key;
    this.cert = cert;
  }

  /** Loads the CA from {@code keysDir}, creating it there on first use. */
  public static CloudCa loadOrCreate(Path keysDir) throws IOException {
    Path certFile = keysDir.resolve("cloud-cert.pem");
    Path keyFile = keysDir.resolve("cloud-pk.pem");
    try {
      if (Files.exists(certFile) && Files.exists(keyFile)) {
        return new CloudCa(readKey(Files.readString(keyFile)), readCert(Files.readString(certFile)));
      }
      Files.createDirectories(keysDir);
      KeyPair kp = rsa();
      X509Certificate cert = sign(new X500Name("CN=Eucalyptus cloud CA, OU=Eucalyptus, O=Cloud"), kp.getPublic(),
          new X500Name("CN=Eucalyptus cloud CA, OU=Eucalyptus, O=Cloud"), kp.getPrivate(), Duration.ofDays(3650), true);
      org.eucalyptus.common.pki.KeyFiles.writePrivate(keyFile, pem(kp.getPrivate()));
      org.eucalyptus.common.pki.KeyFiles.writePrivate(certFile, pem(cert));
      return new CloudCa(kp.getPrivate(), cert);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot set up the cloud CA in " + keysDir + ": " + e.getMessage(), e);
    }
  }

  public X509Certificate certificate() {
    return cert;
  }

  public PrivateKey privateKey() {
    return key;
  }

  public String certificatePem() {
    return pem(cert);
  }

  /** A new key pair for a user and a certificate for it, signed by this CA. */
  public Issued issue(String accountNumber, String userName) {
    try {
      KeyPair kp = rsa();
      X500Name subject = new X500Name("CN=" + sanitize(userName) + ", OU=" + accountNumber + ", O=Eucalyptus");
      X509Certificate c = sign(subject, kp.getPublic(), issuerName(), key, Duration.ofDays(3650), false);
      return new Issued(pem(c), pem(kp.getPrivate()), c);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("certificate issue failed", e);
    }
  }

  /**
   * A key pair and certificate for a component (node, cluster, walrus) on host {@code name}: what it
   * presents to the others ({@link org.eucalyptus.common.pki.ComponentIdentity} names the role).
   */
  public Issued issueComponent(String role, String name) {
    try {
      KeyPair kp = rsa();
      X509Certificate c = certifyComponent(role, name, kp.getPublic());
      return new Issued(pem(c), pem(kp.getPrivate()), c);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("certificate issue failed", e);
    }
  }

  /**
   * A certificate for a component's own public key (made on its host, which keeps the private
   * key): how registration enrols a cluster or node controller.
   */
  public X509Certificate certifyComponent(String role, String name, PublicKey publicKey)
      throws GeneralSecurityException {
    try {
      return sign(new X500Name(org.eucalyptus.common.pki.ComponentIdentity.subject(role, name)), publicKey,
          issuerName(), key, Duration.ofDays(3650), false);
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("certificate issue failed", e);
    }
  }

  /** A key pair and a TLS server certificate for the host names and addresses the cloud is reached by. */
  public Issued issueServer(java.util.List<String> names, Duration validity) {
    org.eucalyptus.common.pki.ServerCertificates.Issued i =
        org.eucalyptus.common.pki.ServerCertificates.issue(key, cert, names, validity);
    return new Issued(i.certificatePem(), i.privateKeyPem(), i.certificate());
  }

  /**
   * The CA's subject exactly as encoded in its certificate. (Parsing the string form back would
   * reverse the RDNs, and a certificate whose issuer does not match its CA's subject byte for byte
   * fails PKIX path validation.)
   */
  private X500Name issuerName() {
    return X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
  }

  /** An issued certificate with its private key, both PEM. */
  public record Issued(String certificatePem, String privateKeyPem, X509Certificate certificate) {}

  private static String sanitize(String s) {
    return s.replaceAll("[,=+<>#;\"\\\\]", "_");
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static X509Certificate sign(X500Name subject, PublicKey pub, X500Name issuer, PrivateKey issuerKey,
      Duration validity, boolean ca) throws GeneralSecurityException, OperatorCreationException {
    Instant now = Instant.now();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).abs(),
        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(validity)), subject, pub);
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(ca
          ? KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature | KeyUsage.keyEncipherment
          : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey);
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  public static String pem(Object o) {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return w.toString();
  }

  public static X509Certificate readCert(String pem) throws IOException, GeneralSecurityException {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      return new JcaX509CertificateConverter().getCertificate((org.bouncycastle.cert.X509CertificateHolder) o);
    }
  }

  private static PrivateKey readKey(String pem) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) {
        return conv.getKeyPair(kp).getPrivate();
      }
      return conv.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) o);
    }
  }
}
