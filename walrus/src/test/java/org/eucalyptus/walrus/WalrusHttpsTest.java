package org.eucalyptus.walrus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.walrus.images.CloudKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A Walrus of its own over TLS: the cloud CA (whose key it holds, as it does to decrypt images) issues
 * its certificate, so the SDK trusting only cloud-cert.pem reaches /services/Walrus on its HTTPS port
 * and virtual-hosted buckets on the root path's HTTPS port; the certificate is kept and used again at
 * the next start; the operator may turn HTTPS off, and a certificate without its key is refused.
 */
@IntegrationTest
class WalrusHttpsTest {
  static final AccessKeyOwner OWNER =
      new AccessKeyOwner("AKIAWALRUSTLS0000000", "tls-secret", "444444444444", "tls", "u4", "admin", false);
  static final String DOMAIN = "walrus.tls.internal";

  @TempDir Path tmp;

  /** A cloud CA of the test's own, written where a Walrus of its own keeps the cloud's keys. */
  static X509Certificate cloudCa(Path keysDir) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair ca = g.generateKeyPair();
    X500Name name = new X500Name("CN=www.eucalyptus.com, OU=Eucalyptus, O=Cloud");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name, ca.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.getPrivate())));
    Files.createDirectories(keysDir);
    Files.writeString(keysDir.resolve("cloud-cert.pem"), Pem.write(cert));
    Files.writeString(keysDir.resolve("cloud-pk.pem"), Pem.write(ca.getPrivate()));
    return cert;
  }

  EucaConf conf(Map<String, String> extra) {
    Map<String, String> m = new HashMap<>(Map.of("WALRUS_STORAGE_DIR", tmp.resolve("data").toString(),
        "WALRUS_PORT", "0", "WALRUS_BIND_ADDR", "127.0.0.1", "WALRUS_ROOT_PORT", "0", "WALRUS_ROOT_HTTPS_PORT", "0",
        "WALRUS_DOMAIN", DOMAIN, "WALRUS_KEYS_DIR", tmp.resolve("keys").toString()));
    m.putAll(extra);
    return EucaConf.of(m);
  }

  /** The SDK trusting {@code ca} alone; every host name resolves to loopback. */
  static S3Client s3(String endpoint, X509Certificate ca, boolean pathStyle) throws Exception {
    javax.net.ssl.TrustManager[] trust = org.eucalyptus.common.http.ClientTrust.only(java.util.List.of(ca));
    return S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.of("eucalyptus"))
        .forcePathStyle(pathStyle)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(OWNER.accessKeyId(), OWNER.secretKey())))
        .httpClient(Apache5HttpClient.builder().tlsTrustManagersProvider(() -> trust)
            .dnsResolver(new LoopbackDns()).build())
        .build();
  }

  @Test
  void theSdkTrustingTheCloudCaReachesBothHttpsPorts() throws Exception {
    X509Certificate ca = cloudCa(tmp.resolve("keys"));
    EucaConf conf = conf(Map.of());
    WalrusSettings settings = WalrusSettings.from(conf);
    CloudKeys keys = CloudKeys.load(tmp.resolve("keys"));
    BigInteger issued;
    try (Walrus walrus = new Walrus(conf, id -> id.equals(OWNER.accessKeyId()) ? Optional.of(OWNER) : Optional.empty());
         WalrusPorts ports = WalrusPorts.start(walrus, settings, WalrusMain.tls(settings, keys, tmp.resolve("keys")))) {
      assertThat(ports.httpsPort()).isPositive().isNotEqualTo(ports.port());
      assertThat(ports.rootHttpsPort()).isPositive().isNotEqualTo(ports.rootPort());
      try (S3Client s3 = s3("https://localhost:" + ports.httpsPort() + "/services/Walrus", ca, true)) {
        s3.createBucket(b -> b.bucket("over-tls"));
        s3.putObject(r -> r.bucket("over-tls").key("k"), RequestBody.fromString("sealed in transit"));
        assertThat(s3.getObjectAsBytes(r -> r.bucket("over-tls").key("k")).asUtf8String())
            .isEqualTo("sealed in transit");
      }
      // Virtual-hosted: the certificate names the domain's subdomains.
      try (S3Client s3 = s3("https://" + DOMAIN + ":" + ports.rootHttpsPort(), ca, false)) {
        assertThat(s3.getObjectAsBytes(r -> r.bucket("over-tls").key("k")).asUtf8String())
            .isEqualTo("sealed in transit");
      }
      // The plain ports still serve, for compatibility.
      try (S3Client s3 = s3("http://127.0.0.1:" + ports.port() + "/services/Walrus", ca, true)) {
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("over-tls");
      }
      issued = Pem.readCertificate(tmp.resolve("keys/https-cert.pem")).getSerialNumber();
    }
    // The next start presents the certificate it kept.
    WalrusMain.tls(settings, keys, tmp.resolve("keys"));
    assertThat(Pem.readCertificate(tmp.resolve("keys/https-cert.pem")).getSerialNumber()).isEqualTo(issued);
  }

  @Test
  void httpsMayBeTurnedOffAndACertificateNeedsItsKey() throws Exception {
    cloudCa(tmp.resolve("keys"));
    WalrusSettings off = WalrusSettings.from(conf(Map.of("WALRUS_HTTPS_ENABLED", "N")));
    assertThat(WalrusMain.tls(off, CloudKeys.load(tmp.resolve("keys")), tmp.resolve("keys"))).isEmpty();
    // Without the cloud's keys and the operator's certificate there is nothing to present: plain only.
    assertThat(WalrusMain.tls(WalrusSettings.from(conf(Map.of())), null, tmp.resolve("keys"))).isEmpty();
    assertThatThrownBy(() -> WalrusSettings.from(conf(Map.of("WALRUS_HTTPS_CERT", "/etc/euca/walrus.pem"))))
        .hasMessageContaining("WALRUS_HTTPS_CERT and WALRUS_HTTPS_KEY go together");
    assertThatThrownBy(() -> WalrusSettings.from(conf(Map.of("WALRUS_HTTPS_NAMES", "s3.example:8443"))))
        .hasMessageContaining("WALRUS_HTTPS_NAMES");
  }
}
