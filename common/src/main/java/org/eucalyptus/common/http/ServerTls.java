package org.eucalyptus.common.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The TLS the cloud's HTTPS ports speak: TLS 1.3 and 1.2 only, and for 1.2 only forward-secret AEAD
 * ciphers (ECDHE with AES-GCM or ChaCha20-Poly1305, Mozilla's "intermediate" set): what every client
 * of the last ten years offers, and nothing a scanner flags.
 */
public final class ServerTls {
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  public static final List<String> CIPHERS = List.of(
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private ServerTls() {}

  /**
   * A server context presenting {@code chain} (the server's certificate first, then any intermediates
   * up to, not necessarily including, the root its clients trust) with {@code key}.
   */
  public static SslContext of(PrivateKey key, List<X509Certificate> chain) throws SSLException {
    if (chain.isEmpty()) {
      throw new SSLException("a server certificate is needed");
    }
    return SslContextBuilder.forServer(key, chain.toArray(new X509Certificate[0]))
        .sslProvider(SslProvider.JDK)
        .protocols(PROTOCOLS)
        .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
        .build();
  }
}
