package org.eucalyptus.common.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.eucalyptus.common.pki.Pem;

/**
 * What the cloud's own clients (euca-admin, the bundle tools) trust over HTTPS: the JDK's CAs, and the
 * CA bundle an eucarc names, so that the HTTPS URLs of a cloud whose certificate the cloud CA issued
 * work as the AWS CLI's do with the same eucarc. Host names are checked as always.
 */
public final class ClientTrust {
  private ClientTrust() {}

  /**
   * The CA file the settings name: AWS_CA_BUNDLE (what the AWS CLI reads), else EUCALYPTUS_CERT (the
   * cloud's cloud-cert.pem, which every eucarc names), when the file exists.
   */
  public static Optional<Path> caBundle(Map<String, String> settings) {
    for (String key : new String[] {"AWS_CA_BUNDLE", "EUCALYPTUS_CERT"}) {
      String v = settings.get(key);
      if (v != null && !v.isBlank() && Files.isReadable(Path.of(v))) {
        return Optional.of(Path.of(v));
      }
    }
    return Optional.empty();
  }

  /** An HTTP client that trusts the JDK's CAs and those of {@code caBundle} (PEM, one or more). */
  public static HttpClient httpClient(Optional<Path> caBundle, Duration connectTimeout) throws IOException {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout);
    if (caBundle.isPresent()) {
      b.sslContext(sslContext(caBundle.get()));
    }
    return b.build();
  }

  /**
   * Trust managers that trust {@code cas} and nothing else (not the JDK's CAs): to ask whether a
   * server's chain leads to the cloud CA, and for clients that must trust that CA alone.
   */
  public static javax.net.ssl.TrustManager[] only(java.util.List<X509Certificate> cas) throws GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    try {
      trusted.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e); // an empty store reads no stream
    }
    int n = 0;
    for (X509Certificate c : cas) {
      trusted.setCertificateEntry("ca-" + n++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    return tmf.getTrustManagers();
  }

  /** A TLS context whose peers must present a chain to {@code ca}. */
  public static SSLContext trustingOnly(X509Certificate ca) throws GeneralSecurityException {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, only(java.util.List.of(ca)), null);
    return ctx;
  }

  static SSLContext sslContext(Path caBundle) throws IOException {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      jdk.init((KeyStore) null);
      int n = 0;
      for (var tm : jdk.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            trusted.setCertificateEntry("jdk-" + n++, c);
          }
        }
      }
      for (X509Certificate c : Pem.certificates(Files.readString(caBundle))) {
        trusted.setCertificateEntry("bundle-" + n++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust the CA bundle " + caBundle + ": " + e.getMessage(), e);
    }
  }
}
