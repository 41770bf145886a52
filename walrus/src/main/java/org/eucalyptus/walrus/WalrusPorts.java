package org.eucalyptus.walrus;

import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.http.HttpSettings;
import org.eucalyptus.common.http.ServerThreads;

/**
 * Walrus's ports, each with its HTTPS twin when there is a TLS context: /services/Walrus on WALRUS_PORT
 * and WALRUS_HTTPS_PORT (a Walrus of its own; in the cloud controller's process those are the cloud's
 * ports), and S3 at the root path on WALRUS_ROOT_PORT and WALRUS_ROOT_HTTPS_PORT when set. One set of
 * threads serves them all; a start that fails closes what it opened.
 */
public final class WalrusPorts implements AutoCloseable {
  /** Made with the first port opened: Walrus in the cloud's process often has no root port at all. */
  private ServerThreads threads;
  private final HttpSettings http;
  private HttpServer plain;
  private HttpServer secure;
  private HttpServer root;
  private HttpServer rootSecure;

  private WalrusPorts(HttpSettings http) {
    this.http = http;
  }

  /** A Walrus of its own: the service's ports and the root ports. */
  public static WalrusPorts start(Walrus walrus, WalrusSettings settings, Optional<SslContext> tls) throws Exception {
    return open(walrus, settings, tls, true);
  }

  /** Walrus in the cloud controller's process, whose ports carry /services/Walrus: the root ports only. */
  public static WalrusPorts startRoot(Walrus walrus, WalrusSettings settings, Optional<SslContext> tls)
      throws Exception {
    return open(walrus, settings, tls, false);
  }

  private static WalrusPorts open(Walrus walrus, WalrusSettings settings, Optional<SslContext> tls, boolean service)
      throws Exception {
    WalrusSettings.Server serving = settings.server();
    WalrusPorts ports = new WalrusPorts(serving.http());
    try {
      if (service) {
        ports.plain = ports.server("walrus", serving.bindAddr(), serving.port(), walrus.routes(), null);
        if (tls.isPresent()) {
          ports.secure = ports.server("walrus-https", serving.bindAddr(), settings.https().port(), walrus.routes(),
              tls.get());
        }
      }
      if (serving.rootPort().isPresent()) {
        ports.root = ports.server("walrus-root", serving.rootBindAddr(), serving.rootPort().get(), walrus.rootRoutes(),
            null);
      }
      if (tls.isPresent() && settings.https().rootPort().isPresent()) {
        ports.rootSecure = ports.server("walrus-root-https", serving.rootBindAddr(), settings.https().rootPort().get(),
            walrus.rootRoutes(), tls.get());
      }
      return ports;
    } catch (Exception | Error e) {
      ports.close();
      throw e;
    }
  }

  private HttpServer server(String name, String bindAddr, int port, List<HttpServer.Route> routes, SslContext tls)
      throws InterruptedException {
    InetSocketAddress at = new InetSocketAddress(bindAddr, port);
    if (threads == null) {
      threads = new ServerThreads("walrus", 2, 256);
    }
    return (tls == null ? new HttpServer(name, at, routes, http, threads)
        : new HttpServer(name, at, routes, http, threads, tls)).start();
  }

  /** WALRUS_PORT's actual port (0 when this object serves the root ports only). */
  public int port() {
    return plain == null ? 0 : plain.port();
  }

  /** WALRUS_HTTPS_PORT's, or 0 when there is no TLS. */
  public int httpsPort() {
    return secure == null ? 0 : secure.port();
  }

  /** WALRUS_ROOT_PORT's, or 0 when it is not set. */
  public int rootPort() {
    return root == null ? 0 : root.port();
  }

  /** WALRUS_ROOT_HTTPS_PORT's, or 0. */
  public int rootHttpsPort() {
    return rootSecure == null ? 0 : rootSecure.port();
  }

  @Override
  public void close() {
    for (HttpServer s : new HttpServer[] {rootSecure, root, secure, plain}) {
      if (s != null) {
        s.close();
      }
    }
    if (threads != null) {
      threads.close();
    }
  }
}
