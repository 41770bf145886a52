package org.eucalyptus.sc;

import java.util.concurrent.CountDownLatch;
import org.eucalyptus.common.config.ComponentArgs;

/** Runs a storage controller until the process is stopped. */
public final class StorageControllerMain {
  private StorageControllerMain() {}

  public static void main(String[] args) {
    ComponentArgs.run("eucalyptus-sc", args, ScPreflight::problems, conf -> {
      StorageController sc = new StorageController(conf).start();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        sc.close();
        stopped.countDown();
      }, "shutdown"));
      stopped.await();
    });
  }
}
