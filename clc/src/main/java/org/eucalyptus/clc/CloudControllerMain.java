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
      CloudController clc = new CloudController(conf).start();
      HttpServer server;
      try {
        server = new HttpServer("clc", new InetSocketAddress(conf.get("CLC_BIND_ADDR", "0.0.0.0"),
            conf.getInt("CLC_PORT", 8773)), clc.routes()).start();
      } catch (Exception | Error e) {
        clc.close(); // the port is taken, say: the database and threads go with the failed start
        throw e;
      }
      try {
        clc.writeAdminCredentials(conf.get("CLC_PUBLIC_HOST", "127.0.0.1"), server.port());
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
