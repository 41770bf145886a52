package org.eucalyptus.walrus;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eucalyptus.common.auth.RequestAuthenticator;
import org.eucalyptus.common.auth.SecretKeyResolver;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.walrus.api.WalrusService;
import org.eucalyptus.walrus.buckets.BucketStore;

/**
 * Walrus's composition root. It checks signatures against the cloud's access keys through a
 * {@link SecretKeyResolver} handed to it (the CLC's, when both run in one process on 8773).
 */
public final class Walrus {
  private final WalrusService service;

  public Walrus(EucaConf conf, SecretKeyResolver keys) throws IOException {
    Path storage = Path.of(conf.get("WALRUS_STORAGE_DIR",
        conf.get("EUCALYPTUS", "/") + "/var/lib/eucalyptus/bukkits")).toAbsolutePath();
    RequestAuthenticator auth = new RequestAuthenticator(keys, Clock.systemUTC(),
        Duration.ofSeconds(conf.getLong("WALRUS_CLOCK_SKEW_SEC", 900)));
    this.service = new WalrusService(auth, new BucketStore(storage));
  }

  public List<HttpServer.Route> routes() {
    return List.of(new HttpServer.Route(WalrusService.PATH, service));
  }
}
