package org.eucalyptus.walrus;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import org.eucalyptus.common.config.ComponentArgs;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.http.HttpSettings;
import org.eucalyptus.walrus.auth.DatabaseKeyResolver;

/**
 * Runs Walrus in a process of its own (on a host of its own), at /services/Walrus on WALRUS_PORT.
 * It checks signatures against the cloud's access keys in the cloud controller's database.
 */
public final class WalrusMain {
  private WalrusMain() {}

  public static void main(String[] args) {
    ComponentArgs.run("eucalyptus-walrus", args, conf -> {
      String url = conf.get("WALRUS_KEYS_DB_URL").orElseThrow(() -> new IllegalArgumentException(
          "WALRUS_KEYS_DB_URL must name the cloud controller's database (for example"
              + " jdbc:postgresql://clc-host/eucalyptus), where Walrus finds the cloud's access keys"));
      DatabaseKeyResolver keys = new DatabaseKeyResolver(url, conf.get("WALRUS_KEYS_DB_USER", ""),
          conf.get("WALRUS_KEYS_DB_PASSWORD", ""));
      // The cloud's keys let Walrus serve decrypted images to nodes; without them it serves S3 only.
      java.nio.file.Path keysDir = java.nio.file.Path.of(conf.get("WALRUS_KEYS_DIR",
          conf.get("EUCALYPTUS", "/") + "/var/lib/eucalyptus/keys"));
      Walrus.ImageTrust trust = null;
      try {
        trust = new Walrus.ImageTrust(org.eucalyptus.walrus.images.CloudKeys.load(keysDir), keys);
      } catch (java.io.IOException e) {
        org.apache.logging.log4j.LogManager.getLogger(WalrusMain.class).warn("{}; decrypted images are not served",
            e.getMessage());
      }
      Walrus walrus = new Walrus(conf, keys, trust);
      HttpSettings http = HttpSettings.from(conf);
      HttpServer server = new HttpServer("walrus", new InetSocketAddress(conf.get("WALRUS_BIND_ADDR", "0.0.0.0"),
          conf.getInt("WALRUS_PORT", 8773)), walrus.routes(), http).start();
      HttpServer root = walrus.startRootServer(conf, http);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        if (root != null) {
          root.close();
        }
        walrus.close();
        keys.close();
        stopped.countDown();
      }, "shutdown"));
      stopped.await();
    });
  }
}
