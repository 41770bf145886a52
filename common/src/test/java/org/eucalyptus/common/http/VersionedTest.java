package org.eucalyptus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.FutureTask;
import org.eucalyptus.common.util.Versioned;
import org.eucalyptus.testfixtures.Await;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class VersionedTest {
  @Test
  void aWaiterWakesOnChangeAndTimesOutWithout() throws Exception {
    Versioned v = new Versioned();
    long start = v.current();
    long t0 = System.nanoTime();
    assertThat(v.awaitChange(start, 100)).isEqualTo(start);
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(90);

    FutureTask<Long> waiter = new FutureTask<>(() -> v.awaitChange(start, 10_000));
    Thread t = new Thread(waiter, "versioned-waiter");
    t.setDaemon(true);
    t.start();
    // Parked in awaitChange before the change, so it is the change that wakes it.
    Await.until("the waiter parked", Duration.ofSeconds(30), () -> t.getState() == Thread.State.TIMED_WAITING);
    long t1 = System.nanoTime();
    v.bump();
    assertThat(waiter.get()).isEqualTo(start + 1);
    assertThat((System.nanoTime() - t1) / 1_000_000).isLessThan(1000);
  }

  @Test
  void aQuietChangeWakesNobodyYetIsSeenByAnyoneAskingSinceBefore() throws Exception {
    Versioned v = new Versioned();
    long start = v.current();
    assertThat(v.bumpQuietly()).isEqualTo(start + 1);
    long t0 = System.nanoTime();
    assertThat(v.awaitChange(start, 100)).isEqualTo(start + 1); // waited its whole time, then told of it
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(90);

    FutureTask<Long> waiter = new FutureTask<>(() -> v.awaitChange(start + 1, 10_000));
    Thread t = new Thread(waiter, "versioned-waiter");
    t.setDaemon(true);
    t.start();
    Await.until("the waiter parked", Duration.ofSeconds(30), () -> t.getState() == Thread.State.TIMED_WAITING);
    v.bumpQuietly();
    v.bump(); // the next change that wakes brings the quiet one with it
    assertThat(waiter.get()).isEqualTo(start + 3);
  }
}
