package org.eucalyptus.clc;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import org.eucalyptus.common.config.ComponentArgs;
import org.eucalyptus.common.http.HttpServer;

/** Runs the cloud controller alone on its port (8773 by default). */
public final class CloudControllerMain {
  private CloudControllerMain() {}

  public static void main(String[] args) {
    ComponentArgs.run("eucalyptus-clc", args, conf -> {
      ClcSettings settings = ClcSettings.from(conf);
      CloudController clc = new CloudController(settings, new org.eucalyptus.common.util.IdSource()).start();
      ClcSettings.Server serving = settings.server();
      int port = serving.port();
      String host = serving.publicHost();
      HttpServer server;
      try {
        if (port != 0) {
          // Before the port opens: whoever sees it open (an init script, a user) finds the credentials.
          clc.writeAdminCredentials(host, port);
        }
        server = new HttpServer("clc", new InetSocketAddress(serving.bindAddr(), port), clc.routes(),
            serving.http()).start();
      } catch (Exception | Error e) {
        clc.close(); // the port is taken, say: the database and threads go with the failed start
        throw e;
      }
      try {
        if (port == 0) {
          clc.writeAdminCredentials(host, server.port()); // the port is known only now
        }
      } catch (Exception | Error e) {
        server.close();
        clc.close();
        throw e;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        clc.close();
        stopped.countDown();
      }));
      stopped.await();
    });
  }
}
