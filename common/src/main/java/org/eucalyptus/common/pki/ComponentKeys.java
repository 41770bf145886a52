package org.eucalyptus.common.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;

/**
 * A component's own key pair and, once the cloud has enrolled it, its certificate and the cloud
 * CA's, in its keys directory as {@code <role>-pk.pem}, {@code <role>-cert.pem} and
 * {@code cloud-cert.pem} (the names the original used, and what {@code issue-credentials} writes).
 *
 * <p>The private key is made on this host the first time anyone asks for the public one and never
 * leaves it: the cloud controller certifies the public key it reads through the component's
 * DescribeIdentity call and installs the certificate with InstallCredentials. Until then the
 * component trusts no one in particular ({@link #trust()} is empty); from then on it accepts calls
 * signed by components of the same cloud only.
 */
public final class ComponentKeys {
  private final Path dir;
  private final String role;
  private final Path keyFile;
  private final Path certFile;
  private final Path caFile;
  private volatile KeyPair keyPair;
  private volatile Trust trust;

  /** What the component was enrolled with: its own certificate and the cloud CA that signed it. */
  public record Trust(X509Certificate certificate, X509Certificate cloudCa, PrivateKey privateKey) {}

  private ComponentKeys(Path dir, String role) {
    this.dir = dir;
    this.role = role;
    this.keyFile = dir.resolve(role + "-pk.pem");
    this.certFile = dir.resolve(role + "-cert.pem");
    this.caFile = dir.resolve("cloud-cert.pem");
  }

  /**
   * The keys of the component of {@code role} ({@link ComponentIdentity#NODE}, {@code CLUSTER})
   * kept in {@code dir}; reads what is there, writes nothing yet.
   */
  public static ComponentKeys open(Path dir, String role) throws IOException {
    ComponentKeys k = new ComponentKeys(dir, role);
    k.load();
    return k;
  }

  private synchronized void load() throws IOException {
    if (!Files.exists(keyFile)) {
      return;
    }
    try {
      PrivateKey priv = Pem.readPrivateKey(keyFile);
      keyPair = new KeyPair(publicOf(priv), priv);
      if (Files.exists(certFile) && Files.exists(caFile)) {
        trust = checked(Pem.readCertificate(certFile), Pem.readCertificate(caFile));
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the " + role + " keys in " + dir + ": " + e.getMessage(), e);
    }
  }

  public String role() {
    return role;
  }

  public Path dir() {
    return dir;
  }

  /**
   * The certificate and CA installed, if the cloud has enrolled this component. Credentials put in
   * the directory by hand ({@code euca-admin issue-credentials}) count from the first call after.
   */
  public Optional<Trust> trust() {
    if (trust == null && Files.exists(certFile) && Files.exists(caFile)) {
      synchronized (this) {
        if (trust == null) {
          try {
            load();
          } catch (IOException e) {
            org.apache.logging.log4j.LogManager.getLogger(ComponentKeys.class).warn("{}", e.getMessage());
          }
        }
      }
    }
    return Optional.ofNullable(trust);
  }

  /** This component's public key, the key pair made (and written, readable by the owner only) on first call. */
  public synchronized PublicKey publicKey() throws IOException {
    if (keyPair == null) {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        KeyFiles.writePrivate(keyFile, Pem.write(kp.getPrivate()));
        keyPair = kp;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("RSA key generation failed", e);
      }
    }
    return keyPair.getPublic();
  }

  /**
   * This component's private key, if one has been made (issue 19: the node opens the CHAP passwords
   * the storage controller sealed for its certificate's public key, the same key pair).
   */
  public synchronized Optional<java.security.PrivateKey> privateKey() {
    return keyPair == null ? Optional.empty() : Optional.of(keyPair.getPrivate());
  }

  /** What a component says of itself when asked (DescribeIdentity): all PEM, the last two null until enrolled. */
  public record Identity(String publicKeyPem, String certificatePem, String cloudCertificatePem) {}

  /** This component's identity, its key pair made on first asking. */
  public Identity identity() throws IOException {
    String pub = Pem.write(publicKey());
    return trust().map(t -> new Identity(pub, Pem.write(t.certificate()), Pem.write(t.cloudCa())))
        .orElse(new Identity(pub, null, null));
  }

  /**
   * {@link #install} from the PEM texts of an InstallCredentials call; missing or unreadable ones
   * are refused with why, as any other bad certificate is.
   */
  public Trust installPem(String certificatePem, String cloudCertificatePem)
      throws IOException, GeneralSecurityException {
    if (certificatePem == null || certificatePem.isBlank()) {
      throw new GeneralSecurityException("the certificate is missing");
    }
    if (cloudCertificatePem == null || cloudCertificatePem.isBlank()) {
      throw new GeneralSecurityException("the cloud's certificate is missing");
    }
    return install(Pem.certificate(certificatePem), Pem.certificate(cloudCertificatePem));
  }

  /**
   * Installs the certificate the cloud issued for this component's key, and the CA that signed it;
   * from then on {@link #trust()} has them. Refused (nothing written) unless the certificate is for
   * this component's public key and role and carries the CA's valid signature.
   */
  public synchronized Trust install(X509Certificate certificate, X509Certificate cloudCa)
      throws IOException, GeneralSecurityException {
    if (keyPair == null) {
      throw new GeneralSecurityException("this " + role + " has no key pair yet: ask for its identity first");
    }
    Trust t = checked(certificate, cloudCa);
    Files.createDirectories(dir);
    KeyFiles.writePublic(caFile, Pem.write(cloudCa));
    KeyFiles.writePublic(certFile, Pem.write(certificate));
    trust = t;
    return t;
  }

  private Trust checked(X509Certificate certificate, X509Certificate cloudCa) throws GeneralSecurityException {
    if (!certificate.getPublicKey().equals(keyPair.getPublic())) {
      throw new GeneralSecurityException("the certificate is not for this " + role + "'s key");
    }
    if (!role.equals(ComponentIdentity.role(certificate))) {
      throw new GeneralSecurityException("the certificate (" + certificate.getSubjectX500Principal().getName()
          + ") is not a " + role + "'s");
    }
    certificate.verify(cloudCa.getPublicKey());
    certificate.checkValidity();
    // The CA travels with every signed call (in the signer's chain) and is checked there against the
    // receivers' own copy: one whose own signature does not hold (a damaged copy whose key still
    // verifies our certificate) would make every later call of ours refused.
    cloudCa.verify(cloudCa.getPublicKey());
    cloudCa.checkValidity();
    return new Trust(certificate, cloudCa, keyPair.getPrivate());
  }

  /** The RSA public key that goes with {@code priv}, so that only the private key need be kept. */
  private static PublicKey publicOf(PrivateKey priv) throws GeneralSecurityException {
    if (!(priv instanceof RSAPrivateCrtKey crt)) {
      throw new GeneralSecurityException("the key is not an RSA key with its CRT parameters");
    }
    return java.security.KeyFactory.getInstance("RSA").generatePublic(
        new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
  }
}
