package org.eucalyptus.walrus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpSettings;
import org.eucalyptus.common.pki.HttpsIdentity;

/**
 * Everything Walrus takes from eucalyptus.conf, read and checked once at start: a bad value is
 * refused there with a sentence naming its key.
 *
 * @param storageDir WALRUS_STORAGE_DIR (absolute): object data, and the embedded database
 * @param clockSkew WALRUS_CLOCK_SKEW_SEC: how far a signed request's time may be from ours
 * @param database WALRUS_DB_*: Walrus's own database
 * @param directIo WALRUS_DIRECT_IO: write object data around the page cache where the file system allows
 * @param imageCacheMb WALRUS_IMAGE_CACHE_MB: decrypted images kept for nodes
 * @param domain WALRUS_DOMAIN: virtual-hosted buckets are {@code <bucket>.<domain>}; empty: 3.1's names
 * @param region CLC_REGION: a bucket location served, besides S3's names for its default region
 * @param keys where a Walrus of its own finds the cloud's access keys and keys
 * @param https Walrus's HTTPS ports
 */
public record WalrusSettings(Path storageDir, Duration clockSkew, Database database, boolean directIo,
    long imageCacheMb, Optional<String> domain, String region, Server server, CloudKeys keys, Https https) {

  /** A database: the URL (empty: the embedded one), user and password. */
  public record Database(Optional<String> url, String user, String password) {
    static Database from(EucaConf conf, String prefix) {
      return new Database(conf.get(prefix + "_URL"), conf.get(prefix + "_USER", ""), conf.get(prefix + "_PASSWORD", ""));
    }
  }

  /**
   * Walrus's ports.
   *
   * @param bindAddr WALRUS_BIND_ADDR, for a Walrus of its own on WALRUS_PORT
   * @param port WALRUS_PORT
   * @param rootBindAddr WALRUS_BIND_ADDR, else CLC_BIND_ADDR: where WALRUS_ROOT_PORT listens
   * @param rootPort WALRUS_ROOT_PORT: S3 at the root path of a port of its own (for s3cmd); empty: none
   */
  public record Server(String bindAddr, int port, String rootBindAddr, Optional<Integer> rootPort,
      HttpSettings http) {
    public static Server from(EucaConf conf) {
      return new Server(conf.get("WALRUS_BIND_ADDR", "0.0.0.0"), conf.port("WALRUS_PORT", 8773),
          conf.get("WALRUS_BIND_ADDR", conf.get("CLC_BIND_ADDR", "0.0.0.0")), conf.optionalPort("WALRUS_ROOT_PORT"),
          HttpSettings.from(conf));
    }
  }

  /**
   * Walrus over TLS (the protocols and ciphers of {@link org.eucalyptus.common.http.ServerTls}).
   *
   * @param enabled WALRUS_HTTPS_ENABLED (Y)
   * @param port WALRUS_HTTPS_PORT: a Walrus of its own's HTTPS twin of WALRUS_PORT (8443, or any free
   *     port when WALRUS_PORT is 0); in the cloud controller's process /services/Walrus is on its 8443
   * @param rootPort WALRUS_ROOT_HTTPS_PORT: the HTTPS twin of WALRUS_ROOT_PORT; empty: none
   * @param source WALRUS_HTTPS_CERT and WALRUS_HTTPS_KEY, the operator's own; else a Walrus of its own
   *     has the cloud CA (whose key it holds, WALRUS_KEYS_DIR) issue one naming localhost, 127.0.0.1, this
   *     host's names and addresses, WALRUS_HTTPS_NAMES and, with WALRUS_DOMAIN, the domain and its
   *     subdomains (virtual-hosted buckets)
   */
  public record Https(boolean enabled, int port, Optional<Integer> rootPort, HttpsIdentity.Source source) {
    static Https from(EucaConf conf, Optional<String> domain) {
      List<String> required = new ArrayList<>(List.of("localhost", "127.0.0.1"));
      domain.ifPresent(d -> required.addAll(List.of(d, "*." + d)));
      HttpsIdentity.Source source = new HttpsIdentity.Source("WALRUS_HTTPS",
          conf.get("WALRUS_HTTPS_CERT").map(c -> conf.path("WALRUS_HTTPS_CERT", c)),
          conf.get("WALRUS_HTTPS_KEY").map(k -> conf.path("WALRUS_HTTPS_KEY", k)),
          HttpsIdentity.names(required, "WALRUS_HTTPS_NAMES", conf.get("WALRUS_HTTPS_NAMES", "")));
      boolean anyPort = conf.port("WALRUS_PORT", 8773) == 0;
      return new Https(conf.yesNo("WALRUS_HTTPS_ENABLED", true), conf.port("WALRUS_HTTPS_PORT", anyPort ? 0 : 8443),
          conf.optionalPort("WALRUS_ROOT_HTTPS_PORT"), source);
    }
  }

  /**
   * What a Walrus of its own (not in the cloud controller's process) needs of the cloud.
   *
   * @param database WALRUS_KEYS_DB_*: the cloud controller's database, where the access keys are
   * @param keysDir WALRUS_KEYS_DIR: the cloud's cloud-cert.pem and cloud-pk.pem, to serve decrypted images
   */
  public record CloudKeys(Database database, Path keysDir) {}

  /** The settings of a Walrus of its own, its storage under $EUCALYPTUS/var/lib/eucalyptus/bukkits by default. */
  public static WalrusSettings from(EucaConf conf) {
    return from(conf, conf.home() + "/var/lib/eucalyptus/bukkits");
  }

  /** @param defaultStorageDir WALRUS_STORAGE_DIR when that is not set (the cloud's is under CLC_DATA_DIR) */
  public static WalrusSettings from(EucaConf conf, String defaultStorageDir) {
    return new WalrusSettings(conf.path("WALRUS_STORAGE_DIR", defaultStorageDir).toAbsolutePath(),
        conf.seconds("WALRUS_CLOCK_SKEW_SEC", 900, 0), Database.from(conf, "WALRUS_DB"),
        conf.yesNo("WALRUS_DIRECT_IO", false), conf.longAtLeast("WALRUS_IMAGE_CACHE_MB", 30 * 1024, 0),
        conf.get("WALRUS_DOMAIN"), conf.get("CLC_REGION", "eucalyptus"), Server.from(conf),
        new CloudKeys(Database.from(conf, "WALRUS_KEYS_DB"),
            conf.path("WALRUS_KEYS_DIR", conf.home() + "/var/lib/eucalyptus/keys")),
        Https.from(conf, conf.get("WALRUS_DOMAIN")));
  }
}
