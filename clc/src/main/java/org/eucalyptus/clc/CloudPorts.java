package org.eucalyptus.clc;

import java.net.InetSocketAddress;
import java.util.List;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.http.ServerThreads;

/**
 * The cloud's plain port (8773) and its HTTPS twin (8443), serving the same routes on one set of
 * threads, with the admin's credentials written for them. A start that fails closes what it opened.
 */
public final class CloudPorts implements AutoCloseable {
  private final ServerThreads threads;
  private HttpServer plain;
  private HttpServer secure;

  private CloudPorts(ServerThreads threads) {
    this.threads = threads;
  }

  /** Opens the ports of {@code clc} (started) for {@code routes}, named {@code name} in logs and threads. */
  public static CloudPorts start(String name, CloudController clc, List<HttpServer.Route> routes) throws Exception {
    ClcSettings.Server serving = clc.settings().server();
    var tls = clc.tls();
    int port = serving.port();
    int httpsPort = tls.isPresent() ? clc.settings().https().port() : -1;
    String host = serving.publicHost();
    boolean portsKnown = port != 0 && httpsPort != 0;
    CloudPorts ports = new CloudPorts(new ServerThreads(name, 2, 256));
    try {
      if (portsKnown) {
        // Before the ports open: whoever sees them open (an init script, a user) finds the credentials.
        clc.writeAdminCredentials(host, port, Math.max(httpsPort, 0));
      }
      ports.plain = new HttpServer(name, new InetSocketAddress(serving.bindAddr(), port), routes, serving.http(),
          ports.threads).start();
      if (tls.isPresent()) {
        ports.secure = new HttpServer(name + "-https", new InetSocketAddress(serving.bindAddr(), httpsPort), routes,
            serving.http(), ports.threads, tls.get()).start();
      }
      if (!portsKnown) {
        clc.writeAdminCredentials(host, ports.port(), ports.httpsPort()); // the ports are known only now
      }
      return ports;
    } catch (Exception | Error e) {
      ports.close();
      throw e;
    }
  }

  public int port() {
    return plain.port();
  }

  /** The HTTPS port, or 0 when CLC_HTTPS_ENABLED=N. */
  public int httpsPort() {
    return secure == null ? 0 : secure.port();
  }

  @Override
  public void close() {
    if (secure != null) {
      secure.close();
    }
    if (plain != null) {
      plain.close();
    }
    threads.close();
  }
}
