package org.eucalyptus.sc;

import org.eucalyptus.common.util.EmbeddedH2;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpSettings;

/**
 * Everything a storage controller takes from eucalyptus.conf, read and checked once at start: a bad
 * value is refused there (or by the preflight) with a sentence naming its key.
 *
 * @param volumesDir SC_VOLUMES_DIR: the volume files (files backend), point-in-time copies, the database
 * @param keysDir SC_KEYS_DIR: the storage controller's key and, once enrolled, its certificate
 * @param walrusUrl WALRUS_URL: where snapshots are kept (http://host:port/services/Walrus); empty if unset
 */
public record ScSettings(Server server, Path volumesDir, Backend backend, Iscsi iscsi, Database database,
    Path keysDir, Optional<URI> walrusUrl) {

  /** Where the SOAP service listens: SC_BIND_ADDR, SC_PORT (0: any free port), at {@link #PATH}. */
  public record Server(String bindAddr, int port, HttpSettings http) {}

  /** The service's path. */
  public static final String PATH = "/services/Storage";

  /**
   * @param kind SC_BACKEND: files (sparse files under SC_VOLUMES_DIR/volumes) or lvm
   * @param volumeGroup SC_VOLUME_GROUP: the LVM volume group (lvm only; empty otherwise)
   * @param reserveBytes SC_VOLUMES_RESERVE_MB (files only; 1024 by default): space of the volumes'
   *     filesystem never promised to volumes (the database, point-in-time copies)
   */
  public record Backend(String kind, String volumeGroup, long reserveBytes) {
    public boolean lvm() {
      return "lvm".equals(kind);
    }
  }

  /**
   * @param portalHost SC_ISCSI_PORTAL's host: the address nodes reach tgt at
   * @param portalPort SC_ISCSI_PORTAL's port (3260 by default)
   * @param controlPort SC_TGT_CONTROL_PORT: tgtd's management port (0: tgtd's default)
   * @param startTgtd SC_START_TGTD: the SC runs its own tgtd (Y) or uses the host's tgt service (N)
   */
  public record Iscsi(String portalHost, int portalPort, int controlPort, boolean startTgtd) {
    /** host:port as tgtd's portal option and iSCSI URLs spell it. */
    public String portal() {
      return (portalHost.contains(":") ? "[" + portalHost + "]" : portalHost) + ":" + portalPort;
    }
  }

  /** SC_DB_URL, SC_DB_USER, SC_DB_PASSWORD: an H2 file under SC_VOLUMES_DIR/db unless set. */
  public record Database(String url, String user, String password) {
    @Override
    public String toString() {
      return "Database[url=" + url + ", user=" + user + "]"; // never the password
    }
  }

  /** Reads the storage controller's keys; throws IllegalArgumentException naming the first bad one. */
  public static ScSettings from(EucaConf conf) {
    Path volumes = conf.path("SC_VOLUMES_DIR", conf.home() + "/var/lib/eucalyptus/volumes");
    String kind = conf.oneOf("SC_BACKEND", "files", List.of("files", "lvm"));
    String vg = conf.get("SC_VOLUME_GROUP", "");
    if ("lvm".equals(kind) && vg.isBlank()) {
      throw new IllegalArgumentException("SC_VOLUME_GROUP must name the LVM volume group when SC_BACKEND=lvm");
    }
    String db = EmbeddedH2.url(volumes.resolve("db").resolve("sc"));
    return new ScSettings(
        new Server(conf.get("SC_BIND_ADDR", "0.0.0.0"), conf.port("SC_PORT", 8776), HttpSettings.from(conf)),
        volumes, new Backend(kind, vg, conf.longAtLeast("SC_VOLUMES_RESERVE_MB", 1024, 0) << 20), iscsi(conf),
        new Database(conf.get("SC_DB_URL", db), conf.get("SC_DB_USER", "sa"), conf.get("SC_DB_PASSWORD", "")),
        conf.path("SC_KEYS_DIR", conf.home() + "/var/lib/eucalyptus/keys"),
        conf.get("WALRUS_URL").map(u -> walrus(u)));
  }

  private static Iscsi iscsi(EucaConf conf) {
    String portal = conf.get("SC_ISCSI_PORTAL").orElseGet(() -> firstAddress() + ":3260").strip();
    int colon = portal.lastIndexOf(':');
    String host = colon < 0 ? portal : portal.substring(0, colon);
    int port = 3260;
    if (colon >= 0) {
      try {
        port = Integer.parseInt(portal.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    host = host.replaceAll("^\\[|\\]$", "");
    if (host.isBlank() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("SC_ISCSI_PORTAL must be host:port (the address nodes reach tgt at),"
          + " not '" + portal + "'");
    }
    return new Iscsi(host, port, conf.port("SC_TGT_CONTROL_PORT", 0), conf.yesNo("SC_START_TGTD", false));
  }

  private static URI walrus(String u) {
    try {
      URI uri = new URI(u.strip());
      if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException("WALRUS_URL must be http://host:port/services/Walrus, not '" + u + "'");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("WALRUS_URL must be http://host:port/services/Walrus, not '" + u + "'");
    }
  }

  /** This host's first non-loopback IPv4 address, else 127.0.0.1. */
  private static String firstAddress() {
    try {
      for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!n.isUp() || n.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(n.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
            return a.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      // no interfaces to read: loopback below
    }
    return "127.0.0.1";
  }
}
