package org.eucalyptus.testfixtures;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a state a test can see (a queue's length, a thread parked in a join) instead of sleeping
 * for a guessed time: as quick as the machine allows, and still right on a loaded one.
 */
public final class Await {
  private Await() {}

  /** Returns once {@code condition} holds; fails naming {@code what} after {@code limit}. */
  public static void until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + limit + ": " + what);
      }
      Thread.sleep(5);
    }
  }
}
