package org.eucalyptus.clc.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.LockModeType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two transactions that lock the same two rows in opposite orders (as the state sync and a launch
 * lending addresses did, seen as an InternalError in CI): the database breaks the deadlock by rolling
 * one back, and that one runs again instead of failing its request.
 */
@UnitTest
class DeadlockRetryTest {
  @TempDir Path tmp;
  Database db;

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void theVictimOfADeadlockRunsAgain() throws Exception {
    db = new Database(DatabaseSettings.embedded(tmp), CloudController.ENTITIES);
    AccessKeyOwner admin = new IdentityStore(db, Clock.systemUTC()).ensureSystemAdmin();
    for (String id : List.of("i-0000000a", "i-0000000b")) {
      db.run(s -> s.persist(new Instance(id, "r-00000001", admin.accountNumber(), admin.userId(), "emi-00000001",
          null, null, "m1.small", "c1", null, null, 0, "d0:0d:00:00:00:01", null, List.of(), Instant.now())));
    }
    // Both hold their first row before either asks for its second: a deadlock on the first run.
    CyclicBarrier bothHoldOne = new CyclicBarrier(2);
    AtomicInteger runs = new AtomicInteger();
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      List<Future<String>> done = List.of(
          two.submit(() -> lockInOrder("i-0000000a", "i-0000000b", bothHoldOne, runs)),
          two.submit(() -> lockInOrder("i-0000000b", "i-0000000a", bothHoldOne, runs)));
      for (Future<String> f : done) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo("locked both");
      }
    } finally {
      two.shutdownNow();
    }
    assertThat(runs.get()).as("one of them ran again").isGreaterThan(2);
  }

  private String lockInOrder(String first, String second, CyclicBarrier bothHoldOne, AtomicInteger runs) {
    return db.inTransaction(s -> {
      boolean firstRun = runs.incrementAndGet() <= 2;
      s.find(Instance.class, first, LockModeType.PESSIMISTIC_WRITE);
      if (firstRun) {
        try {
          bothHoldOne.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      s.find(Instance.class, second, LockModeType.PESSIMISTIC_WRITE);
      return "locked both";
    });
  }
}
