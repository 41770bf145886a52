package org.eucalyptus.common.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class SingleFlightTest {
  final SingleFlight<String, String> flight = new SingleFlight<>();

  @Test
  void concurrentCallersShareOneRunAndItsFailure() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> all = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        all.add(pool.submit(() -> flight.run("k", () -> {
          runs.incrementAndGet();
          release.await();
          return "made";
        })));
      }
      Thread.sleep(200);
      release.countDown();
      for (Future<String> f : all) {
        assertThat(f.get()).isEqualTo("made");
      }
      assertThat(runs.get()).isEqualTo(1);

      // A failure reaches every waiter as the same checked exception; the next call runs afresh.
      CountDownLatch failing = new CountDownLatch(1);
      IOException boom = new IOException("download failed");
      List<Future<String>> failed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        failed.add(pool.submit(() -> flight.<IOException>run("k", () -> {
          try {
            failing.await();
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
          throw boom;
        })));
      }
      Thread.sleep(200);
      failing.countDown();
      for (Future<String> f : failed) {
        assertThatThrownBy(f::get).hasCause(boom);
      }
      assertThat(flight.run("k", () -> "again")).isEqualTo("again");
    } finally {
      pool.shutdownNow();
    }
  }
}
