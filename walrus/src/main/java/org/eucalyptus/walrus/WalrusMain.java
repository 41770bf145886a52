package org.eucalyptus.walrus;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import org.eucalyptus.common.config.ComponentArgs;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.walrus.auth.DatabaseKeyResolver;
import org.eucalyptus.walrus.auth.DatabasePolicySource;

/**
 * Runs Walrus in a process of its own (on a host of its own), at /services/Walrus on WALRUS_PORT.
 * It checks signatures against the cloud's access keys, and requests against the callers' IAM
 * policies, in the cloud controller's database (read-only).
 */
public final class WalrusMain {
  private WalrusMain() {}

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
      // The cloud's keys let Walrus serve decrypted images to nodes; without them it serves S3 only.
      java.nio.file.Path keysDir = settings.keys().keysDir();
      Walrus.ImageTrust trust = null;
      try {
        trust = new Walrus.ImageTrust(org.eucalyptus.walrus.images.CloudKeys.load(keysDir), keys);
      } catch (java.io.IOException e) {
        org.apache.logging.log4j.LogManager.getLogger(WalrusMain.class).warn("{}; decrypted images are not served",
            e.getMessage());
      }
      Walrus walrus = new Walrus(settings, keys, policies, trust);
      WalrusSettings.Server serving = settings.server();
      HttpServer server = new HttpServer("walrus", new InetSocketAddress(serving.bindAddr(), serving.port()),
          walrus.routes(), serving.http()).start();
      HttpServer root = walrus.startRootServer(serving);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        if (root != null) {
          root.close();
        }
        walrus.close();
        keys.close();
        policies.close();
        stopped.countDown();
      }, "shutdown"));
      stopped.await();
    });
  }
}
