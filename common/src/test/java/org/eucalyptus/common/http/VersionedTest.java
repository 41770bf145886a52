package org.eucalyptus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.eucalyptus.common.util.Versioned;
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

    CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
      try {
        return v.awaitChange(start, 10_000);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(50);
    long t1 = System.nanoTime();
    v.bump();
    assertThat(waiter.get()).isEqualTo(start + 1);
    assertThat((System.nanoTime() - t1) / 1_000_000).isLessThan(1000);
  }
}
