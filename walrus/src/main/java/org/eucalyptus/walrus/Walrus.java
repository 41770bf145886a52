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
import java.nio.file.Files;
import org.eucalyptus.walrus.store.BucketStore;
import org.eucalyptus.walrus.store.MultipartStore;
import org.eucalyptus.walrus.store.ObjectStore;
import org.eucalyptus.walrus.store.WalrusDatabase;

/**
 * Walrus's composition root. It checks signatures against the cloud's access keys through a
 * {@link SecretKeyResolver} handed to it (the CLC's, when both run in one process on 8773).
 */
public final class Walrus implements AutoCloseable {
  private final WalrusService service;
  private final WalrusService rootService;
  private final WalrusDatabase db;
  private final ObjectStore objects;

  /** What serving decrypted images needs: the cloud's keys and the accounts' signing certificates. */
  public record ImageTrust(org.eucalyptus.walrus.images.CloudKeys cloudKeys,
      org.eucalyptus.common.pki.AccountCertificates certificates) {}

  private final org.eucalyptus.walrus.images.DecryptedImages images;

  /** A Walrus that serves S3 only (no decrypted images). */
  public Walrus(EucaConf conf, SecretKeyResolver keys) throws IOException {
    this(conf, keys, null);
  }

  /** @param trust the cloud's keys and certificates, or null to serve no decrypted images */
  public Walrus(EucaConf conf, SecretKeyResolver keys, ImageTrust trust) throws IOException {
    Path storage = Path.of(conf.get("WALRUS_STORAGE_DIR",
        conf.get("EUCALYPTUS", "/") + "/var/lib/eucalyptus/bukkits")).toAbsolutePath();
    RequestAuthenticator auth = new RequestAuthenticator(keys, Clock.systemUTC(),
        Duration.ofSeconds(conf.getLong("WALRUS_CLOCK_SKEW_SEC", 900)));
    Files.createDirectories(storage);
    this.db = conf.get("WALRUS_DB_URL")
        .map(url -> new WalrusDatabase(url, conf.get("WALRUS_DB_USER", ""), conf.get("WALRUS_DB_PASSWORD", "")))
        .orElseGet(() -> WalrusDatabase.embedded(storage.resolve("db")));
    ObjectStore objects = null;
    try {
      objects = new ObjectStore(db.dataSource(), storage, conf.get("WALRUS_DIRECT_IO", "N").equalsIgnoreCase("Y"));
      objects.recover();
      BucketStore buckets = new BucketStore(db.dataSource());
      MultipartStore multipart = new MultipartStore(db.dataSource(), objects);
      if (trust != null) {
        org.eucalyptus.walrus.images.DecryptedImageCache cache = new org.eucalyptus.walrus.images.DecryptedImageCache(
            storage.resolve("image-cache"), conf.getLong("WALRUS_IMAGE_CACHE_MB", 30 * 1024) * 1024 * 1024,
            Clock.systemUTC());
        cache.recover();
        this.images = new org.eucalyptus.walrus.images.DecryptedImages(objects, cache, trust.cloudKeys(),
            trust.certificates());
      } else {
        this.images = null;
      }
      WalrusService.NodeAuth nodeAuth = trust == null ? null : new WalrusService.NodeAuth(
          trust.cloudKeys().certificate(), Clock.systemUTC(), Duration.ofSeconds(conf.getLong("WALRUS_CLOCK_SKEW_SEC", 900)));
      org.eucalyptus.walrus.api.VirtualHosts vhosts =
          new org.eucalyptus.walrus.api.VirtualHosts(conf.get("WALRUS_DOMAIN").orElse(null));
      this.objects = objects;
      // Bucket locations served: S3's names for its default region, as clients send them, and the cloud's region.
      java.util.Set<String> locations = java.util.Set.of("US", "us-east-1", conf.get("CLC_REGION", "eucalyptus"));
      this.service = new WalrusService(WalrusService.PATH, auth, buckets, objects, multipart, images, nodeAuth, vhosts,
          locations);
      this.rootService = new WalrusService("", auth, buckets, objects, multipart, images, nodeAuth, vhosts, locations);
    } catch (IOException | java.sql.SQLException | RuntimeException e) {
      if (objects != null) {
        objects.close();
      }
      db.close();
      throw new IOException("Walrus cannot open its storage in " + storage + ": " + e.getMessage(), e);
    }
  }

  public List<HttpServer.Route> routes() {
    return List.of(HttpServer.Route.streaming(WalrusService.PATH, service).withRefusals(WalrusService::refusal));
  }

  /** The same API at the root path, for a port of Walrus's own (WALRUS_ROOT_PORT). */
  public List<HttpServer.Route> rootRoutes() {
    return List.of(HttpServer.Route.streaming("/", rootService).withRefusals(WalrusService::refusal));
  }

  /** Serves {@link #rootRoutes()} on WALRUS_ROOT_PORT when that is set; null otherwise. */
  public HttpServer startRootServer(EucaConf conf) throws InterruptedException {
    return startRootServer(conf, org.eucalyptus.common.http.HttpSettings.from(conf));
  }

  /** As above, with the connection settings the process read for all its servers. */
  public HttpServer startRootServer(EucaConf conf, org.eucalyptus.common.http.HttpSettings http)
      throws InterruptedException {
    if (conf.get("WALRUS_ROOT_PORT").isEmpty()) {
      return null;
    }
    return new HttpServer("walrus-root", new java.net.InetSocketAddress(conf.get("WALRUS_BIND_ADDR",
        conf.get("CLC_BIND_ADDR", "0.0.0.0")), conf.getInt("WALRUS_ROOT_PORT", 0)), rootRoutes(), http).start();
  }

  /** The decrypted-image service, or null when this Walrus has no cloud keys. */
  public org.eucalyptus.walrus.images.DecryptedImages images() {
    return images;
  }

  @Override
  public void close() {
    objects.close();
    db.close();
  }
}
