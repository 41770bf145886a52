package org.eucalyptus.nc;

import java.util.concurrent.CountDownLatch;
import org.eucalyptus.common.config.ComponentArgs;

/** Runs a node controller until the process is stopped. */
public final class NodeControllerMain {
  private NodeControllerMain() {}

  public static void main(String[] args) {
    ComponentArgs.run("eucalyptus-nc", args, NodePreflight::problems, conf -> {
      NodeController nc = new NodeController(conf).start();
      nc.makeKey();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        nc.close();
        stopped.countDown();
      }, "shutdown"));
      stopped.await();
    });
  }
}
