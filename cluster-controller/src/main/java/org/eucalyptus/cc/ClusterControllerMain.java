package org.eucalyptus.cc;

import java.util.concurrent.CountDownLatch;
import org.eucalyptus.common.config.ComponentArgs;

/** Runs a cluster controller until the process is stopped. */
public final class ClusterControllerMain {
  private ClusterControllerMain() {}

  public static void main(String[] args) {
    ComponentArgs.run("eucalyptus-cc", args, ClusterPreflight::problems, conf -> {
      ClusterController cc = new ClusterController(conf).start();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        cc.close();
        stopped.countDown();
      }, "shutdown"));
      stopped.await();
    });
  }
}
