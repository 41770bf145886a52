package org.eucalyptus.walrus;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.eucalyptus.common.auth.RequestAuthenticator;
import org.eucalyptus.common.auth.SecretKeyResolver;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.policy.CallerPolicies;
import org.eucalyptus.common.policy.PolicySource;
import org.eucalyptus.walrus.api.WalrusService;
import java.nio.file.Files;
import org.eucalyptus.walrus.store.BucketStore;
import org.eucalyptus.walrus.store.MultipartStore;
import org.eucalyptus.walrus.store.ObjectStore;
import org.eucalyptus.walrus.store.WalrusDatabase;

/**
 * Walrus's composition root. It checks signatures against the cloud's access keys through a
 * {@link SecretKeyResolver}, and requests against the callers' IAM policies through a
 * {@link PolicySource}, both handed to it (the CLC's, when both run in one process on 8773).
 */
public final class Walrus implements AutoCloseable {
  private final WalrusService service;
  private final WalrusService rootService;
  private final WalrusDatabase db;
  private final ObjectStore objects;
  /** Requests per bucket, for usage reports; written out at close. */
  private org.eucalyptus.walrus.store.RequestCounts requestCounts;

  /** What serving decrypted images needs: the cloud's keys and the accounts' signing certificates. */
  public record ImageTrust(org.eucalyptus.walrus.images.CloudKeys cloudKeys,
      org.eucalyptus.common.pki.AccountCertificates certificates) {}

  private final org.eucalyptus.walrus.images.DecryptedImages images;
  /** Puts decrypted images on disk after they are served (one at a time: each is a large sequential write). */
  private final java.util.concurrent.ExecutorService imageSyncs = java.util.concurrent.Executors.newSingleThreadExecutor(
      r -> {
        Thread t = new Thread(r, "walrus-image-sync");
        t.setDaemon(true);
        return t;
      });

  /**
   * No IAM policies at all: what a Walrus without the CLC's policy tables knows. Account admins
   * (and the cloud administrator) may do what the ACLs let them; other users nothing.
   */
  public static final PolicySource NO_POLICIES = caller -> CallerPolicies.NONE;

  /** A Walrus that serves S3 only (no decrypted images), knowing no IAM policies ({@link #NO_POLICIES}). */
  public Walrus(EucaConf conf, SecretKeyResolver keys) throws IOException {
    this(conf, keys, NO_POLICIES);
  }

  /** A Walrus that serves S3 only (no decrypted images), with the callers' policies from {@code policies}. */
  public Walrus(EucaConf conf, SecretKeyResolver keys, PolicySource policies) throws IOException {
    this(WalrusSettings.from(conf), keys, policies, null);
  }

  /** Reads its settings from {@code conf} (refusing a bad value there, naming the key); knows no IAM policies. */
  public Walrus(EucaConf conf, SecretKeyResolver keys, ImageTrust trust) throws IOException {
    this(WalrusSettings.from(conf), keys, NO_POLICIES, trust);
  }

  /**
   * @param policies the callers' IAM policies (the CLC's: its {@code StoredPolicies} in one process,
   *     {@code auth/DatabasePolicySource} on a host of its own)
   * @param trust the cloud's keys and certificates, or null to serve no decrypted images
   */
  public Walrus(WalrusSettings settings, SecretKeyResolver keys, PolicySource policies, ImageTrust trust)
      throws IOException {
    Path storage = settings.storageDir();
    RequestAuthenticator auth = new RequestAuthenticator(keys, Clock.systemUTC(), settings.clockSkew());
    Files.createDirectories(storage);
    WalrusSettings.Database dbSettings = settings.database();
    this.db = dbSettings.url()
        .map(url -> new WalrusDatabase(url, dbSettings.user(), dbSettings.password()))
        .orElseGet(() -> WalrusDatabase.embedded(storage.resolve("db")));
    ObjectStore objects = null;
    try {
      objects = new ObjectStore(db.dataSource(), storage, settings.directIo());
      objects.recover();
      BucketStore buckets = new BucketStore(db.dataSource());
      MultipartStore multipart = new MultipartStore(db.dataSource(), objects);
      if (trust != null) {
        org.eucalyptus.walrus.images.DecryptedImageCache cache = new org.eucalyptus.walrus.images.DecryptedImageCache(
            storage.resolve("image-cache"), settings.imageCacheMb() * 1024 * 1024,
            Clock.systemUTC(), imageSyncs);
        cache.recover();
        this.images = new org.eucalyptus.walrus.images.DecryptedImages(objects, cache, trust.cloudKeys(),
            trust.certificates());
      } else {
        this.images = null;
      }
      WalrusService.NodeAuth nodeAuth = trust == null ? null : new WalrusService.NodeAuth(
          trust.cloudKeys().certificate(), Clock.systemUTC(), settings.clockSkew());
      org.eucalyptus.walrus.api.VirtualHosts vhosts =
          new org.eucalyptus.walrus.api.VirtualHosts(settings.domain().orElse(null));
      this.objects = objects;
      // Bucket locations served: S3's names for its default region, as clients send them, and the cloud's region.
      java.util.Set<String> locations = java.util.Set.of("US", "us-east-1", settings.region());
      org.eucalyptus.walrus.store.SnapshotFiles snapshots =
          new org.eucalyptus.walrus.store.SnapshotFiles(objects.files(), storage);
      this.requestCounts = new org.eucalyptus.walrus.store.RequestCounts(db.dataSource(), Clock.systemUTC(), true);
      org.eucalyptus.walrus.store.StorageUsage usage =
          new org.eucalyptus.walrus.store.StorageUsage(db.dataSource(), requestCounts);
      this.service = new WalrusService(WalrusService.PATH, auth, policies, buckets, objects, multipart, images,
          nodeAuth, snapshots, vhosts, locations, requestCounts, usage);
      this.rootService = new WalrusService("", auth, policies, buckets, objects, multipart, images, nodeAuth,
          snapshots, vhosts, locations, requestCounts, usage);
    } catch (IOException | java.sql.SQLException | RuntimeException e) {
      if (requestCounts != null) {
        requestCounts.close();
      }
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

  /** Serves {@link #rootRoutes()} on the WALRUS_ROOT_PORT {@code conf} sets; null when it sets none. */
  public HttpServer startRootServer(EucaConf conf) throws InterruptedException {
    return startRootServer(WalrusSettings.Server.from(conf));
  }

  /** Serves {@link #rootRoutes()} on {@code server}'s root port when it has one; null otherwise. */
  public HttpServer startRootServer(WalrusSettings.Server server) throws InterruptedException {
    if (server.rootPort().isEmpty()) {
      return null;
    }
    return new HttpServer("walrus-root", new java.net.InetSocketAddress(server.rootBindAddr(), server.rootPort().get()),
        rootRoutes(), server.http()).start();
  }

  /** The decrypted-image service, or null when this Walrus has no cloud keys. */
  public org.eucalyptus.walrus.images.DecryptedImages images() {
    return images;
  }

  @Override
  public void close() {
    // A clean stop leaves every decrypted image it made on disk (a crash leaves them to recover()).
    imageSyncs.shutdown();
    try {
      imageSyncs.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (requestCounts != null) {
      requestCounts.close();
    }
    objects.close();
    db.close();
  }
}
