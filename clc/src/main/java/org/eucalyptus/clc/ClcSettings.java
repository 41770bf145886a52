package org.eucalyptus.clc;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.clc.persistence.DatabaseSettings;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpSettings;
import org.eucalyptus.common.net.MacAddresses;

/**
 * Everything the cloud controller takes from eucalyptus.conf, read and checked once at start: a bad
 * value is refused there with a sentence naming its key.
 *
 * @param dataDir CLC_DATA_DIR (absolute): the database, the cloud's keys, the admin's credentials
 * @param region CLC_REGION: the region's name in DescribeRegions, eucarc and SigV4 scopes
 * @param database CLC_DB_*: the embedded H2 file under the data directory, or PostgreSQL
 * @param clusters CLC_CLUSTERS: the clusters registered at every start
 * @param walrusUrl WALRUS_URL: Walrus's URL when it runs elsewhere; empty: this CLC's own port
 * @param walrusEnabled WALRUS_ENABLED: the eucalyptus-cloud process serves Walrus on its port too
 * @param enrollInterval CLC_ENROLL_INTERVAL_SEC: how often components not yet enrolled are enrolled
 * @param https CLC_HTTPS_*: the same services over TLS
 * @param console CLC_CONSOLE_*: the web console on the HTTPS port
 * @param usage CLC_USAGE_*: how usage is recorded for the reports
 */
public record ClcSettings(Path dataDir, String region, Server server, DatabaseSettings database,
    PropertyDefaults properties, List<ClusterAddress> clusters, Optional<URI> walrusUrl, boolean walrusEnabled,
    Duration enrollInterval, Https https, Console console, Usage usage) {

  public ClcSettings {
    clusters = List.copyOf(clusters);
  }

  /**
   * The HTTPS twin of the cloud's port, serving the same services (as 3.1's 8443).
   *
   * @param enabled CLC_HTTPS_ENABLED (Y)
   * @param port CLC_HTTPS_PORT: 8443, or any free port when CLC_PORT is 0 (a test's cloud)
   * @param certFile CLC_HTTPS_CERT: the operator's own certificate chain (PEM, the server's first);
   *     without it the cloud CA issues one, kept in {@code keys/https-cert.pem}
   * @param keyFile CLC_HTTPS_KEY: the private key of CLC_HTTPS_CERT (PEM)
   * @param names what the certificate the cloud CA issues must name: CLC_PUBLIC_HOST, localhost,
   *     127.0.0.1, WALRUS_DOMAIN and its subdomains when set, and the names and addresses of
   *     CLC_HTTPS_NAMES (comma-separated)
   * @param eucarc CLC_EUCARC_HTTPS (N): the admin's eucarc gives the HTTPS URLs
   */
  public record Https(boolean enabled, int port, Optional<Path> certFile, Optional<Path> keyFile, List<String> names,
      boolean eucarc) {
    public Https {
      names = List.copyOf(names);
    }

    /** Where the port's certificate comes from, for {@link org.eucalyptus.common.pki.HttpsIdentity#of}. */
    public org.eucalyptus.common.pki.HttpsIdentity.Source source() {
      return new org.eucalyptus.common.pki.HttpsIdentity.Source("CLC_HTTPS", certFile, keyFile, names);
    }
  }

  static Https https(EucaConf conf, int plainPort, String publicHost) {
    List<String> required = new java.util.ArrayList<>(List.of(publicHost, "localhost", "127.0.0.1"));
    // Walrus in this process serves virtual-hosted buckets (<bucket>.WALRUS_DOMAIN) on its root ports.
    conf.get("WALRUS_DOMAIN").ifPresent(d -> required.addAll(List.of(d, "*." + d)));
    org.eucalyptus.common.pki.HttpsIdentity.Source source = new org.eucalyptus.common.pki.HttpsIdentity.Source(
        "CLC_HTTPS", conf.get("CLC_HTTPS_CERT").map(c -> conf.path("CLC_HTTPS_CERT", c)),
        conf.get("CLC_HTTPS_KEY").map(k -> conf.path("CLC_HTTPS_KEY", k)),
        org.eucalyptus.common.pki.HttpsIdentity.names(required, "CLC_HTTPS_NAMES", conf.get("CLC_HTTPS_NAMES", "")));
    return new Https(conf.yesNo("CLC_HTTPS_ENABLED", true), conf.port("CLC_HTTPS_PORT", plainPort == 0 ? 0 : 8443),
        source.certFile(), source.keyFile(), source.names(), conf.yesNo("CLC_EUCARC_HTTPS", false));
  }

  /**
   * The web console, served at {@code /console/} of the HTTPS port.
   *
   * @param enabled CLC_CONSOLE_ENABLED (Y)
   * @param idleTimeout CLC_CONSOLE_IDLE_MIN (30): a session unused this long is signed out
   */
  public record Console(boolean enabled, Duration idleTimeout) {}

  /**
   * Usage recording, for the reports.
   *
   * @param interval CLC_USAGE_INTERVAL_SEC (60): how often the leader compares what is held with what it recorded
   * @param rawKeep CLC_USAGE_RAW_KEEP_DAYS (30, at least 2): how long closed intervals are kept beside the hourly
   *     rollups (a report whose range starts or ends inside an hour older than this is counted in whole hours)
   */
  public record Usage(Duration interval, Duration rawKeep) {}

  /**
   * Where the cloud's port is: CLC_BIND_ADDR, CLC_PORT (0: any free port), and CLC_PUBLIC_HOST,
   * the address written into eucarc.
   */
  public record Server(String bindAddr, int port, String publicHost, HttpSettings http) {}

  /**
   * The cloud properties' defaults (euca-modify-property changes them at run time).
   *
   * @param clockSkewSec CLC_CLOCK_SKEW_SEC
   * @param terminatedVisibleMin CLC_TERMINATED_VISIBLE_MIN
   * @param instanceLostSec CLC_INSTANCE_LOST_SEC
   * @param macPrefix VNET_MACPREFIX: the first two bytes of instances' MACs
   */
  public record PropertyDefaults(int clockSkewSec, int terminatedVisibleMin, int instanceLostSec, String macPrefix) {}

  /** One entry of CLC_CLUSTERS: {@code name=host:port}. */
  public record ClusterAddress(String name, String host, int port) {}

  /** Reads the cloud controller's keys; throws IllegalArgumentException naming the first bad one. */
  public static ClcSettings from(EucaConf conf) {
    Path dataDir = conf.path("CLC_DATA_DIR", conf.home() + "/var/lib/eucalyptus").toAbsolutePath().normalize();
    String macPrefix = conf.get("VNET_MACPREFIX", "d0:0d");
    try {
      MacAddresses.checkedPrefix(macPrefix);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("VNET_MACPREFIX: " + e.getMessage(), e);
    }
    PropertyDefaults properties = new PropertyDefaults(conf.intAtLeast("CLC_CLOCK_SKEW_SEC", 900, 1),
        conf.intAtLeast("CLC_TERMINATED_VISIBLE_MIN", 60, 1), conf.intAtLeast("CLC_INSTANCE_LOST_SEC", 300, 1),
        macPrefix);
    List<ClusterAddress> clusters = ClusterRegistry.parseSetting(conf.get("CLC_CLUSTERS", "")).stream()
        .map(c -> new ClusterAddress(c[0], c[1], Integer.parseInt(c[2]))).toList();
    Optional<URI> walrusUrl = conf.get("WALRUS_URL").map(url -> {
      try {
        return new URI(url);
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("WALRUS_URL must be a URL such as http://10.0.0.5:8773/services/Walrus,"
            + " not '" + url + "'");
      }
    });
    Server server = new Server(conf.get("CLC_BIND_ADDR", "0.0.0.0"), conf.port("CLC_PORT", 8773),
        conf.get("CLC_PUBLIC_HOST", "127.0.0.1"), HttpSettings.from(conf));
    return new ClcSettings(dataDir, conf.get("CLC_REGION", "eucalyptus"), server,
        DatabaseSettings.from(conf, dataDir), properties, clusters, walrusUrl, conf.yesNo("WALRUS_ENABLED", true),
        conf.seconds("CLC_ENROLL_INTERVAL_SEC", 5, 1), https(conf, server.port(), server.publicHost()),
        new Console(conf.yesNo("CLC_CONSOLE_ENABLED", true),
            Duration.ofMinutes(conf.intAtLeast("CLC_CONSOLE_IDLE_MIN", 30, 1))),
        new Usage(conf.seconds("CLC_USAGE_INTERVAL_SEC", 60, 1),
            Duration.ofDays(conf.intAtLeast("CLC_USAGE_RAW_KEEP_DAYS", 30, 2))));
  }
}
