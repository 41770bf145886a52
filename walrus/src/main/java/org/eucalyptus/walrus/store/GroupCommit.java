package org.eucalyptus.walrus.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Commits concurrent metadata writes together: every write that arrives while a commit is under way
 * joins the next one, so eight PUTs finishing at once cost one durable database write, not eight.
 * A caller returns only once its own statements are committed. If a batch fails, each of its writes
 * is retried in a transaction of its own, so one bad write never fails the others. A commit is
 * durable before anyone is answered: PostgreSQL's is; H2's reaches the file but not the disk, so
 * on H2 each commit is followed by {@code CHECKPOINT SYNC} (an fsync of the database file), one
 * per batch.
 */
final class GroupCommit implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(GroupCommit.class);
  /** Enough to take every request thread's write at once; bounds how long a batch holds its locks. */
  private static final int MAX_BATCH = 64;

  /** Statements for one write, run inside a transaction the group commit owns. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private record Pending<T>(Work<T> work, CompletableFuture<T> done) {
    void runIn(Connection c, List<Runnable> completions) throws SQLException {
      T result = work.run(c);
      completions.add(() -> done.complete(result));
    }
  }

  /** What makes a commit durable on a database whose commit alone is not. */
  @FunctionalInterface
  interface Durability {
    void sync(Connection c) throws SQLException;
  }

  /** The write was committed, and so is visible, but could not be made durable. */
  static final class NotDurableException extends SQLException {
    NotDurableException(Throwable cause) {
      super("the write was committed but could not be made durable: " + cause.getMessage(), cause);
    }
  }

  /** Nothing more: the database's commit is durable. */
  static final Durability COMMIT_IS_DURABLE = c -> { };

  /** H2 writes a commit to its file without an fsync; this asks for one. */
  static final Durability CHECKPOINT_SYNC = c -> {
    try (java.sql.Statement st = c.createStatement()) {
      st.execute("CHECKPOINT SYNC");
    }
  };

  private final DataSource db;
  private final Durability durability;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread committer;
  private volatile boolean closed;

  /** A group commit that makes its commits durable as {@code db}'s kind needs. */
  GroupCommit(DataSource db) throws SQLException {
    this(db, durabilityOf(db));
  }

  GroupCommit(DataSource db, Durability durability) {
    this.db = db;
    this.durability = durability;
    this.committer = new Thread(this::loop, "walrus-group-commit");
    committer.setDaemon(true);
    committer.start();
  }

  /**
   * Runs {@code work} in a committed transaction and returns its result. Waits for the commit even
   * when interrupted: a caller that gave up early could not tell whether its write happened.
   */
  <T> T commit(Work<T> work) throws SQLException {
    Pending<T> p = new Pending<>(work, new CompletableFuture<>());
    synchronized (this) {
      if (closed) {
        throw new SQLException("the object store is closed");
      }
      queue.add(p);
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return p.done.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof SQLException s) {
            throw s;
          }
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          throw new SQLException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** How many writes wait for the committer (tests wait for their writes to queue up instead of sleeping). */
  int queued() {
    return queue.size();
  }

  static Durability durabilityOf(DataSource db) throws SQLException {
    try (Connection c = db.getConnection()) {
      return c.getMetaData().getDatabaseProductName().equals("H2") ? CHECKPOINT_SYNC : COMMIT_IS_DURABLE;
    }
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.clear();
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        if (batch.size() == 1 || !runTogether(batch)) {
          for (Pending<?> p : batch) {
            runAlone(p);
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // Never leave a caller waiting: whatever went wrong fails this batch, not the committer.
        LOG.error("group commit failed", e);
        batch.forEach(p -> p.done.completeExceptionally(e));
      }
    }
  }

  /** All of the batch in one transaction; false (and nothing committed) if any of it failed. */
  private boolean runTogether(List<Pending<?>> batch) {
    List<Runnable> completions = new ArrayList<>(batch.size());
    boolean committed = false;
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (Pending<?> p : batch) {
          p.runIn(c, completions);
        }
        c.commit();
        committed = true;
      } catch (SQLException | RuntimeException e) {
        rollback(c);
        return false;
      }
      // Committed: from here a failure is reported, never retried (a retry would write twice).
      if (madeDurable(c, batch)) {
        completions.forEach(Runnable::run);
      }
      return true;
    } catch (SQLException e) {
      // No connection (nothing ran: each write tries again alone and reports its own error), or
      // closing it failed after the commit, when every caller has had its answer.
      return committed;
    }
  }

  private void runAlone(Pending<?> p) {
    List<Runnable> completions = new ArrayList<>(1);
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        p.runIn(c, completions);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollback(c);
        throw e;
      }
      if (!madeDurable(c, List.of(p))) {
        return;
      }
    } catch (SQLException | RuntimeException e) {
      p.done.completeExceptionally(e);
      return;
    }
    completions.forEach(Runnable::run);
  }

  /** Syncs a committed batch; if that fails, its callers are told (their writes may not survive a power cut). */
  private boolean madeDurable(Connection c, List<Pending<?>> batch) {
    try {
      durability.sync(c);
      return true;
    } catch (SQLException | RuntimeException e) {
      LOG.error("committed, but cannot make the commit durable", e);
      SQLException why = new NotDurableException(e);
      batch.forEach(p -> p.done.completeExceptionally(why));
      return false;
    }
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.warn("rollback failed: {}", e.getMessage());
    }
  }

  /** Commits what is queued, then stops. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true; // after this nothing joins the queue, so the committer's last drain is the last
    }
    try {
      committer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
