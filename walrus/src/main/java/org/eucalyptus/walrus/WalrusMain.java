package org.eucalyptus.walrus;

import java.util.concurrent.CountDownLatch;
import org.eucalyptus.common.config.ComponentArgs;
import org.eucalyptus.walrus.auth.DatabaseKeyResolver;
import org.eucalyptus.walrus.auth.DatabasePolicySource;

/**
 * Runs Walrus in a process of its own (on a host of its own), at /services/Walrus on WALRUS_PORT.
 * It checks signatures against the cloud's access keys, and requests against the callers' IAM
 * policies, in the cloud controller's database (read-only).
 */
public final class WalrusMain {
  private static final org.apache.logging.log4j.Logger LOG = org.apache.logging.log4j.LogManager.getLogger(WalrusMain.class);

  private WalrusMain() {}

  /**
   * The TLS of Walrus's HTTPS ports: none when WALRUS_HTTPS_ENABLED=N, or when there is neither the
   * operator's certificate nor the cloud CA's key to issue one (said in the log).
   */
  static java.util.Optional<io.netty.handler.ssl.SslContext> tls(WalrusSettings settings,
      org.eucalyptus.walrus.images.CloudKeys cloudKeys, java.nio.file.Path keysDir) throws java.io.IOException {
    WalrusSettings.Https https = settings.https();
    if (!https.enabled()) {
      return java.util.Optional.empty();
    }
    if (https.source().certFile().isEmpty() && cloudKeys == null) {
      LOG.warn("no HTTPS: set WALRUS_HTTPS_CERT and WALRUS_HTTPS_KEY, or give Walrus the cloud's keys in {}", keysDir);
      return java.util.Optional.empty();
    }
    org.eucalyptus.common.pki.HttpsIdentity identity = org.eucalyptus.common.pki.HttpsIdentity.of(https.source(),
        cloudKeys == null ? null : new org.eucalyptus.common.pki.HttpsIdentity.Issuer(cloudKeys.certificate(),
            cloudKeys.privateKey()), keysDir, java.time.Clock.systemUTC());
    return java.util.Optional.of(org.eucalyptus.common.http.ServerTls.of(identity.key(), identity.chain()));
  }

  public static void main(String[] args) {
    ComponentArgs.run("eucalyptus-walrus", args, conf -> {
      WalrusSettings settings = WalrusSettings.from(conf);
      WalrusSettings.Database keysDb = settings.keys().database();
      String url = keysDb.url().orElseThrow(() -> new IllegalArgumentException(
          "WALRUS_KEYS_DB_URL must name the cloud controller's database (for example"
              + " jdbc:postgresql://clc-host/eucalyptus), where Walrus finds the cloud's access keys"));
      DatabaseKeyResolver keys = new DatabaseKeyResolver(url, keysDb.user(), keysDb.password());
      // The callers' IAM policies, from the same database's policy tables.
      DatabasePolicySource policies = new DatabasePolicySource(url, keysDb.user(), keysDb.password());
      // The cloud's keys let Walrus serve decrypted images to nodes, and issue its HTTPS certificate;
      // without them it serves S3 only, and over TLS only with the operator's own certificate.
      java.nio.file.Path keysDir = settings.keys().keysDir();
      org.eucalyptus.walrus.images.CloudKeys cloudKeys = null;
      try {
        cloudKeys = org.eucalyptus.walrus.images.CloudKeys.load(keysDir);
      } catch (java.io.IOException e) {
        LOG.warn("{}; decrypted images are not served", e.getMessage());
      }
      Walrus walrus = new Walrus(settings, keys, policies,
          cloudKeys == null ? null : new Walrus.ImageTrust(cloudKeys, keys));
      WalrusPorts ports = WalrusPorts.start(walrus, settings, tls(settings, cloudKeys, keysDir));
      LOG.info("walrus ready on port {}{}{}", ports.port(),
          ports.httpsPort() == 0 ? "" : " (HTTPS " + ports.httpsPort() + ")",
          ports.rootPort() == 0 ? "" : ", the root path on " + ports.rootPort()
              + (ports.rootHttpsPort() == 0 ? "" : " (HTTPS " + ports.rootHttpsPort() + ")"));
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        ports.close();
        walrus.close();
        keys.close();
        policies.close();
        stopped.countDown();
      }, "shutdown"));
      stopped.await();
    });
  }
}
