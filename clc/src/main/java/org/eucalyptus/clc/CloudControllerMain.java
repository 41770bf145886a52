package org.eucalyptus.clc;

import java.util.concurrent.CountDownLatch;
import org.eucalyptus.common.config.ComponentArgs;

/** Runs the cloud controller alone on its ports (8773, and 8443 for HTTPS, by default). */
public final class CloudControllerMain {
  private CloudControllerMain() {}

  public static void main(String[] args) {
    ComponentArgs.run("eucalyptus-clc", args, conf -> {
      ClcSettings settings = ClcSettings.from(conf);
      CloudController clc = new CloudController(settings, new org.eucalyptus.common.util.IdSource()).start();
      CloudPorts server;
      try {
        server = CloudPorts.start("clc", clc, clc.routes());
      } catch (Exception | Error e) {
        clc.close(); // the port is taken, say: the database and threads go with the failed start
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
