package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.credentials.EucarcFile;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The cloud's HTTPS port (3.1's 8443): the same EC2, IAM and S3 services as the plain port, over TLS
 * 1.2 and 1.3 only with forward-secret ciphers, presenting a certificate the cloud CA issued for the
 * names the cloud is reached by (or the operator's own), and an eucarc that points clients at it.
 */
@IntegrationTest
class HttpsPortTest {
  @TempDir Path tmp;
  CloudMain cloud;

  @AfterEach
  void stop() {
    if (cloud != null) {
      cloud.close();
    }
  }

  private CloudMain start(Map<String, String> extra) throws Exception {
    Map<String, String> settings = new HashMap<>(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString()));
    settings.putAll(extra);
    return new CloudMain(EucaConf.of(settings));
  }

  private static TrustManager[] trusting(X509Certificate ca) {
    try {
      return org.eucalyptus.common.http.ClientTrust.only(List.of(ca));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The chain the HTTPS port presents to a client that trusts {@code ca} and checks the host name. */
  private static java.security.cert.Certificate[] handshake(int port, String host, X509Certificate ca)
      throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, trusting(ca), null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(host, port)) {
      var p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(p);
      s.startHandshake();
      return s.getSession().getPeerCertificates();
    }
  }

  @Test
  void everyApiAnswersOverTlsAndTheEucarcPointsThere() throws Exception {
    cloud = start(Map.of("CLC_EUCARC_HTTPS", "Y"));
    int https = cloud.httpsPort();
    assertThat(https).isPositive().isNotEqualTo(cloud.port());
    X509Certificate ca = cloud.clc().ca().certificate();
    var admin = cloud.clc().admin();
    StaticCredentialsProvider creds = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(admin.accessKeyId(), admin.secretKey()));

    // The certificate names what a client may dial (host names are checked by the SDK and here).
    for (String host : List.of("localhost", "127.0.0.1")) {
      X509Certificate leaf = (X509Certificate) handshake(https, host, ca)[0];
      assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
      assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    }

    try (SdkHttpClient http = Apache5HttpClient.builder().tlsTrustManagersProvider(() -> trusting(ca)).build();
        Ec2Client ec2 = Ec2Client.builder()
            .endpointOverride(URI.create("https://localhost:" + https + "/services/Eucalyptus"))
            .region(Region.of("eucalyptus")).credentialsProvider(creds).httpClient(http).build();
        IamClient iam = IamClient.builder()
            .endpointOverride(URI.create("https://127.0.0.1:" + https + "/services/Euare"))
            .region(Region.of("eucalyptus")).credentialsProvider(creds).httpClient(http).build();
        S3Client s3 = S3Client.builder()
            .endpointOverride(URI.create("https://localhost:" + https + "/services/Walrus")).forcePathStyle(true)
            .region(Region.of("eucalyptus")).credentialsProvider(creds).httpClient(http).build()) {
      assertThat(ec2.createKeyPair(r -> r.keyName("over-tls")).keyMaterial()).startsWith("-----BEGIN");
      assertThat(ec2.describeKeyPairs().keyPairs()).extracting(k -> k.keyName()).contains("over-tls");
      iam.createUser(r -> r.userName("tls-user"));
      assertThat(iam.createAccessKey(r -> r.userName("tls-user")).accessKey().secretAccessKey()).isNotEmpty();

      // An object large enough that its body goes out from its file, in pieces through TLS.
      byte[] body = new byte[6 * 1024 * 1024 + 123];
      new Random(20).nextBytes(body);
      s3.createBucket(r -> r.bucket("tls-bucket"));
      s3.putObject(r -> r.bucket("tls-bucket").key("big"), RequestBody.fromBytes(body));
      assertThat(s3.getObjectAsBytes(r -> r.bucket("tls-bucket").key("big")).asByteArray()).isEqualTo(body);
      byte[] part = s3.getObjectAsBytes(r -> r.bucket("tls-bucket").key("big").range("bytes=5000000-5000099"))
          .asByteArray();
      assertThat(part).isEqualTo(java.util.Arrays.copyOfRange(body, 5_000_000, 5_000_100));
    }

    Map<String, String> rc = EucarcFile.read(cloud.clc().dataDir().resolve("eucarc"));
    assertThat(rc.get("EC2_URL")).isEqualTo("https://127.0.0.1:" + https + "/services/Eucalyptus");
    assertThat(rc.get("S3_URL")).isEqualTo("https://127.0.0.1:" + https + "/services/Walrus");
    assertThat(rc.get("EUARE_URL")).isEqualTo("https://127.0.0.1:" + https + "/services/Euare");
    assertThat(Files.readString(cloud.clc().dataDir().resolve("eucarc")))
        .contains("export AWS_CA_BUNDLE=${EUCA_KEY_DIR}/cloud-cert.pem");
    // The cloud's own admin CLI takes that eucarc as it is: it trusts the CA bundle the eucarc names.
    String accounts = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("list-accounts", "--eucarc",
        cloud.clc().dataDir().resolve("eucarc").toString())).isZero());
    assertThat(accounts).contains("ACCOUNT\teucalyptus\t");
    // A credentials zip made through that eucarc points its users at HTTPS and at the CA to trust there.
    Path zip = tmp.resolve("admin.zip");
    EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("get-credentials", "--eucarc",
        cloud.clc().dataDir().resolve("eucarc").toString(), zip.toString())).isZero());
    String zipped = zippedEucarc(zip);
    assertThat(zipped).contains("export EC2_URL=https://127.0.0.1:" + https + "/services/Eucalyptus")
        .contains("export AWS_CA_BUNDLE=${EUCA_KEY_DIR}/cloud-cert.pem");
  }

  /**
   * Walrus in the cloud's process serves virtual-hosted buckets on the root path's HTTPS port too, with
   * the cloud's certificate, which names WALRUS_DOMAIN's subdomains.
   */
  @Test
  void walrusRootPathHasAnHttpsTwinForVirtualHostedBuckets() throws Exception {
    cloud = start(Map.of("WALRUS_ROOT_PORT", "0", "WALRUS_ROOT_HTTPS_PORT", "0", "WALRUS_DOMAIN", "s3.cloud.test"));
    int rootHttps = cloud.walrusRootPorts().rootHttpsPort();
    assertThat(rootHttps).isPositive().isNotEqualTo(cloud.walrusRootPorts().rootPort());
    X509Certificate ca = cloud.clc().ca().certificate();
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, trusting(ca), null);
    // Dialled as the SDK dials a virtual-hosted bucket: its host name checked against the certificate.
    try (java.net.Socket plain = new java.net.Socket("127.0.0.1", rootHttps);
         SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "my-bucket.s3.cloud.test", rootHttps,
             true)) {
      var p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(p);
      s.startHandshake();
      s.getOutputStream().write("GET / HTTP/1.1\r\nHost: my-bucket.s3.cloud.test\r\nConnection: close\r\n\r\n"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      // Unsigned, to a bucket that is not there: S3's own error, from Walrus, over TLS.
      assertThat(answer).startsWith("HTTP/1.1 4").contains("<Error>");
    }
  }

  private static String zippedEucarc(Path zip) throws Exception {
    try (var z = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
      for (var e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        if (e.getName().equals("eucarc")) {
          return new String(z.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
    }
    throw new AssertionError("no eucarc in " + zip);
  }

  @Test
  void secretsMayBeRefusedOverPlainHttpAndPoliciesSeeWhichTransportCarriedARequest() throws Exception {
    cloud = start(Map.of());
    X509Certificate ca = cloud.clc().ca().certificate();
    var admin = cloud.clc().admin();
    StaticCredentialsProvider creds = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(admin.accessKeyId(), admin.secretKey()));
    String plain = "http://127.0.0.1:" + cloud.port();
    String https = "https://localhost:" + cloud.httpsPort();
    try (SdkHttpClient http = Apache5HttpClient.builder().tlsTrustManagersProvider(() -> trusting(ca)).build();
        Ec2Client ec2Plain = ec2(plain, creds, http);
        Ec2Client ec2Tls = ec2(https, creds, http);
        IamClient iamPlain = IamClient.builder().endpointOverride(URI.create(plain + "/services/Euare"))
            .region(Region.of("eucalyptus")).credentialsProvider(creds).httpClient(http).build()) {
      assertThat(ec2Plain.createKeyPair(r -> r.keyName("before")).keyMaterial()).isNotEmpty(); // the default
      cloud.clc().properties().modify(org.eucalyptus.clc.properties.CloudProperties.SECRETS_OVER_HTTPS_ONLY, "true");
      assertThatThrownBy(() -> ec2Plain.createKeyPair(r -> r.keyName("plain")))
          .isInstanceOfSatisfying(software.amazon.awssdk.services.ec2.model.Ec2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("OperationNotPermitted");
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorMessage()).contains("HTTPS");
          });
      assertThat(ec2Tls.createKeyPair(r -> r.keyName("tls")).keyMaterial()).isNotEmpty();
      assertThat(ec2Plain.describeKeyPairs().keyPairs()).extracting(k -> k.keyName()).contains("before", "tls");
      iamPlain.createUser(r -> r.userName("only-tls"));
      assertThatThrownBy(() -> iamPlain.createAccessKey(r -> r.userName("only-tls")))
          .isInstanceOfSatisfying(software.amazon.awssdk.services.iam.model.IamException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("OperationNotPermitted"));
      cloud.clc().properties().modify(org.eucalyptus.clc.properties.CloudProperties.SECRETS_OVER_HTTPS_ONLY, "false");

      // aws:SecureTransport: a user allowed EC2 only over TLS.
      iamPlain.putUserPolicy(r -> r.userName("only-tls").policyName("tls").policyDocument("""
          {"Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*",
            "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}"""));
      var key = iamPlain.createAccessKey(r -> r.userName("only-tls")).accessKey();
      StaticCredentialsProvider user = StaticCredentialsProvider.create(
          AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
      try (Ec2Client userPlain = ec2(plain, user, http); Ec2Client userTls = ec2(https, user, http)) {
        assertThat(userTls.describeKeyPairs().keyPairs()).extracting(k -> k.keyName()).contains("before"); // its account's
        assertThatThrownBy(userPlain::describeKeyPairs)
            .isInstanceOfSatisfying(software.amazon.awssdk.services.ec2.model.Ec2Exception.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation"));
      }
    }
  }

  private static Ec2Client ec2(String base, StaticCredentialsProvider creds, SdkHttpClient http) {
    return Ec2Client.builder().endpointOverride(URI.create(base + "/services/Eucalyptus"))
        .region(Region.of("eucalyptus")).credentialsProvider(creds).httpClient(http).build();
  }

  @Test
  void theEucarcKeepsThePlainUrlsUnlessTheOperatorAsks() throws Exception {
    cloud = start(Map.of());
    Map<String, String> rc = EucarcFile.read(cloud.clc().dataDir().resolve("eucarc"));
    assertThat(rc.get("EC2_URL")).isEqualTo("http://127.0.0.1:" + cloud.port() + "/services/Eucalyptus");
    assertThat(Files.readString(cloud.clc().dataDir().resolve("eucarc"))).doesNotContain("AWS_CA_BUNDLE");
    assertThat(cloud.httpsPort()).isPositive();
    Path zip = tmp.resolve("plain.zip");
    EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("get-credentials", "--eucarc",
        cloud.clc().dataDir().resolve("eucarc").toString(), zip.toString())).isZero());
    assertThat(zippedEucarc(zip)).contains("export EC2_URL=http://").doesNotContain("AWS_CA_BUNDLE");
  }

  @Test
  void onlyTls12And13WithForwardSecretCiphersAreSpoken() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "needs openssl (Debian's openssl)");
    cloud = start(Map.of());
    Path caFile = cloud.clc().dataDir().resolve("cloud-cert.pem");
    int port = cloud.httpsPort();
    assertThat(openssl(port, caFile, "-tls1_3")).as("TLS 1.3").isTrue();
    assertThat(openssl(port, caFile, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256")).as("TLS 1.2, ECDHE").isTrue();
    assertThat(openssl(port, caFile, "-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305")).as("ChaCha20").isTrue();
    assertThat(openssl(port, caFile, "-tls1_2", "-cipher", "AES128-GCM-SHA256")).as("RSA key exchange").isFalse();
    assertThat(openssl(port, caFile, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA")).as("CBC").isFalse();
    assertThat(openssl(port, caFile, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0")).as("TLS 1.1").isFalse();
    assertThat(openssl(port, caFile, "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0")).as("TLS 1.0").isFalse();
  }

  /** Whether {@code openssl s_client} completes a verified handshake (the cloud CA, host name localhost). */
  private static boolean openssl(int port, Path caFile, String... options) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-CAfile", caFile.toString(), "-verify_return_error", "-verify_hostname", "localhost", "-brief"));
    cmd.addAll(List.of(options));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close(); // no request: the handshake alone, then EOF
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    boolean ok = p.exitValue() == 0 && out.contains("Verification: OK");
    System.out.println("openssl " + String.join(" ", options) + ": " + (ok ? "handshake" : "refused") + "\n" + out);
    return ok;
  }

  @Test
  void theIssuedCertificateIsKeptAcrossStartsAndIssuedAgainForANewName() throws Exception {
    cloud = start(Map.of());
    Path certFile = cloud.clc().dataDir().resolve("keys/https-cert.pem");
    X509Certificate first = Pem.readCertificate(certFile);
    cloud.close();
    cloud = start(Map.of());
    assertThat(Pem.readCertificate(certFile)).isEqualTo(first);
    assertThat(handshake(cloud.httpsPort(), "localhost", cloud.clc().ca().certificate())[0]).isEqualTo(first);
    cloud.close();

    cloud = start(Map.of("CLC_PUBLIC_HOST", "cloud.example.test", "CLC_HTTPS_NAMES", "10.9.8.7, front.example.test"));
    X509Certificate renamed = Pem.readCertificate(certFile);
    assertThat(renamed).isNotEqualTo(first);
    assertThat(renamed.getSubjectAlternativeNames()).extracting(e -> String.valueOf(e.get(1)))
        .contains("cloud.example.test", "front.example.test", "10.9.8.7", "localhost", "127.0.0.1");
    assertThat(handshake(cloud.httpsPort(), "localhost", cloud.clc().ca().certificate())[0]).isEqualTo(renamed);
  }

  @Test
  void theOperatorsOwnChainIsPresentedAndAKeyNotItsIsRefusedAtStart() throws Exception {
    CloudCa sitesCa = CloudCa.loadOrCreate(tmp.resolve("site-ca"));
    CloudCa.Issued own = sitesCa.issueServer(List.of("localhost"), java.time.Duration.ofDays(30));
    Path chain = Files.writeString(tmp.resolve("chain.pem"), own.certificatePem() + sitesCa.certificatePem());
    Path key = Files.writeString(tmp.resolve("key.pem"), own.privateKeyPem());
    cloud = start(Map.of("CLC_HTTPS_CERT", chain.toString(), "CLC_HTTPS_KEY", key.toString()));
    var presented = handshake(cloud.httpsPort(), "localhost", sitesCa.certificate());
    assertThat(presented).hasSize(2);
    assertThat(presented[0]).isEqualTo(own.certificate());
    assertThat(Files.exists(cloud.clc().dataDir().resolve("keys/https-cert.pem"))).isFalse();
    cloud.close();
    cloud = null;

    Path otherKey = Files.writeString(tmp.resolve("other.pem"),
        sitesCa.issueServer(List.of("localhost"), java.time.Duration.ofDays(30)).privateKeyPem());
    assertThatThrownBy(() -> start(Map.of("CLC_HTTPS_CERT", chain.toString(), "CLC_HTTPS_KEY", otherKey.toString())))
        .hasMessageContaining("CLC_HTTPS_KEY " + otherKey + " is not the key of the first certificate");
    assertThatThrownBy(() -> start(Map.of("CLC_HTTPS_CERT", key.toString(), "CLC_HTTPS_KEY", key.toString())))
        .hasMessageContaining("CLC_HTTPS_CERT " + key + ": not a PEM certificate chain");
  }
}
