package org.eucalyptus.common.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.eucalyptus.testfixtures.Await;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class SingleFlightTest {
  final SingleFlight<String, String> flight = new SingleFlight<>();

  @Test
  void concurrentCallersShareOneRunAndItsFailure() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    List<Future<String>> all = parkedCallers(4, () -> flight.run("k", () -> {
      runs.incrementAndGet();
      release.await();
      return "made";
    }));
    release.countDown();
    for (Future<String> f : all) {
      assertThat(f.get()).isEqualTo("made");
    }
    assertThat(runs.get()).isEqualTo(1);

    // A failure reaches every waiter as the same checked exception; the next call runs afresh.
    CountDownLatch failing = new CountDownLatch(1);
    IOException boom = new IOException("download failed");
    List<Future<String>> failed = parkedCallers(3, () -> flight.<IOException>run("k", () -> {
      try {
        failing.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      throw boom;
    }));
    failing.countDown();
    for (Future<String> f : failed) {
      assertThatThrownBy(f::get).hasCause(boom);
    }
    assertThat(flight.run("k", () -> "again")).isEqualTo("again");
  }

  /**
   * Starts {@code n} threads making {@code call} and returns once all are parked: the one running the
   * work on its latch, the others on its result (so none can come after the work has finished).
   */
  private static <V> List<Future<V>> parkedCallers(int n, Callable<V> call) throws InterruptedException {
    List<Future<V>> results = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      FutureTask<V> task = new FutureTask<>(call);
      Thread t = new Thread(task, "single-flight-caller-" + i);
      t.setDaemon(true);
      t.start();
      results.add(task);
      threads.add(t);
    }
    Await.until(n + " callers parked", Duration.ofSeconds(30),
        () -> threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
    return results;
  }
}
