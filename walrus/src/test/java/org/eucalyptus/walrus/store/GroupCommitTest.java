package org.eucalyptus.walrus.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eucalyptus.testfixtures.Await;
import org.eucalyptus.testfixtures.UnitTest;
import org.eucalyptus.walrus.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit against the real database (H2, or PostgreSQL with {@code euca.test.db=postgresql}). */
@UnitTest
class GroupCommitTest {
  @TempDir
  Path dir;
  TestDb testDb;
  WalrusDatabase db;
  GroupCommit commits;
  ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeEach
  void open() throws SQLException {
    testDb = TestDb.create();
    Map<String, String> s = testDb.settings();
    db = s.isEmpty() ? WalrusDatabase.embedded(dir)
        : new WalrusDatabase(s.get("WALRUS_DB_URL"), s.get("WALRUS_DB_USER"), s.get("WALRUS_DB_PASSWORD"));
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("create table gc_test (id int primary key, writer varchar(40))");
    }
    commits = new GroupCommit(db.dataSource());
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    org.eucalyptus.walrus.Closing.closeAll(commits, db, testDb);
  }

  private static Void insert(Connection c, int id) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("insert into gc_test (id, writer) values (?, ?)")) {
      st.setInt(1, id);
      st.setString(2, Thread.currentThread().getName());
      st.executeUpdate();
    }
    return null;
  }

  private boolean committed(int id) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
         PreparedStatement st = c.prepareStatement("select count(*) from gc_test where id = ?")) {
      st.setInt(1, id);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1) == 1;
      }
    }
  }

  @Test
  void concurrentWritersAllCommitAndEachSeesItsWriteOnReturn() throws Exception {
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      int writer = t;
      fs.add(pool.submit(() -> {
        for (int i = 0; i < 40; i++) {
          int id = writer * 1000 + i;
          commits.commit(c -> insert(c, id));
          // Visible to any other connection the moment commit returns.
          assertTrue(committed(id), "row " + id + " not committed when commit returned");
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get(60, TimeUnit.SECONDS);
    }
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("select count(*) from gc_test")) {
      rs.next();
      assertEquals(640, rs.getInt(1));
    }
  }

  /** Holds the committer in a write of its own until released, so what is queued meanwhile forms one batch. */
  private CountDownLatch holdCommitter() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    pool.submit(() -> commits.commit(c -> {
      started.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new SQLException(e);
      }
      return insert(c, -1);
    }));
    assertTrue(started.await(10, TimeUnit.SECONDS));
    return release;
  }

  @Test
  void writesQueuedTogetherShareOneTransaction() throws Exception {
    CountDownLatch release = holdCommitter();
    Set<Connection> connections = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    List<Future<Void>> fs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int id = i;
      fs.add(pool.submit(() -> commits.commit(c -> {
        connections.add(c);
        return insert(c, id);
      })));
    }
    Await.until("all ten queued behind the held write", Duration.ofSeconds(30), () -> commits.queued() == 10);
    release.countDown();
    for (Future<Void> f : fs) {
      f.get(30, TimeUnit.SECONDS);
    }
    assertEquals(1, connections.size(), "the ten queued writes ran in one transaction");
    for (int i = 0; i < 10; i++) {
      assertTrue(committed(i));
    }
  }

  @Test
  void oneFailingWriteFailsAloneAndTheRestOfItsBatchCommits() throws Exception {
    CountDownLatch release = holdCommitter();
    Future<Void> first = pool.submit(() -> commits.commit(c -> insert(c, 1)));
    Await.until("the first write queued", Duration.ofSeconds(30), () -> commits.queued() == 1);
    Future<Void> duplicate = pool.submit(() -> commits.commit(c -> insert(c, 1)));
    Await.until("its duplicate queued behind it", Duration.ofSeconds(30), () -> commits.queued() == 2);
    Future<Void> other = pool.submit(() -> commits.commit(c -> insert(c, 2)));
    Await.until("the other write queued last", Duration.ofSeconds(30), () -> commits.queued() == 3);
    release.countDown();
    first.get(30, TimeUnit.SECONDS);
    other.get(30, TimeUnit.SECONDS);
    java.util.concurrent.ExecutionException e =
        assertThrows(java.util.concurrent.ExecutionException.class, () -> duplicate.get(30, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof SQLException, "the duplicate's own error reaches it: " + e.getCause());
    assertTrue(committed(1));
    assertTrue(committed(2));
    assertTrue(committed(-1));
  }

  @Test
  void closeCommitsWhatIsQueuedAndRefusesMore() throws Exception {
    CountDownLatch release = holdCommitter();
    Future<Void> queued = pool.submit(() -> commits.commit(c -> insert(c, 7)));
    Await.until("the write queued", Duration.ofSeconds(30), () -> commits.queued() == 1);
    Thread closer = new Thread(commits::close);
    closer.start();
    // Parked in its join of the committer: the store is marked closed.
    Await.until("close waiting for the committer", Duration.ofSeconds(30),
        () -> closer.getState() == Thread.State.TIMED_WAITING);
    release.countDown();
    closer.join(15_000);
    queued.get(10, TimeUnit.SECONDS);
    assertTrue(committed(7));
    assertThrows(SQLException.class, () -> commits.commit(c -> insert(c, 8)));
  }

  @Test
  void theDatabaseKindDecidesHowACommitIsMadeDurable() throws Exception {
    // H2 reaches its file on commit but does not fsync it; PostgreSQL's commit is durable itself.
    boolean h2 = testDb.settings().isEmpty();
    assertEquals(h2 ? GroupCommit.CHECKPOINT_SYNC : GroupCommit.COMMIT_IS_DURABLE,
        GroupCommit.durabilityOf(db.dataSource()));
    try (Connection c = db.dataSource().getConnection()) {
      GroupCommit.durabilityOf(db.dataSource()).sync(c); // the statement the database is given works
    }
  }

  @Test
  void everyCommitIsMadeDurableBeforeItsCallersReturn() throws Exception {
    Set<Integer> synced = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicInteger syncs = new java.util.concurrent.atomic.AtomicInteger();
    try (GroupCommit durable = new GroupCommit(db.dataSource(), c -> {
      syncs.incrementAndGet();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select id from gc_test")) {
        while (rs.next()) {
          synced.add(rs.getInt(1));
        }
      }
    })) {
      List<Future<Void>> fs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int id = i;
        fs.add(pool.submit(() -> {
          durable.commit(c -> insert(c, id));
          assertTrue(synced.contains(id), "row " + id + " returned before a sync that followed its commit");
          return null;
        }));
      }
      for (Future<Void> f : fs) {
        f.get(30, TimeUnit.SECONDS);
      }
    }
    assertTrue(syncs.get() >= 1 && syncs.get() <= 40, "one sync per batch: " + syncs.get());
  }

  @Test
  void aSyncThatFailsIsReportedAndTheCommittedWriteNotRunAgain() throws Exception {
    java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    try (GroupCommit failing = new GroupCommit(db.dataSource(), c -> {
      throw new SQLException("fsync: input/output error");
    })) {
      SQLException e = assertThrows(GroupCommit.NotDurableException.class, () -> failing.commit(c -> {
        runs.incrementAndGet();
        return insert(c, 42);
      }));
      assertTrue(e.getMessage().contains("could not be made durable"), e.getMessage());
    }
    assertEquals(1, runs.get(), "a committed write is never retried");
    assertTrue(committed(42));
  }
}
