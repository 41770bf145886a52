package org.eucalyptus.clc.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.cfg.Configuration;

/**
 * The cloud controller's database: a connection pool, the schema brought up to date by Flyway
 * migrations, and Hibernate (which only validates the schema, never changes it). The same code runs
 * on the embedded H2 file database and on PostgreSQL; only the JDBC URL differs.
 */
public final class Database implements AutoCloseable {
  private static final org.apache.logging.log4j.Logger LOG =
      org.apache.logging.log4j.LogManager.getLogger(Database.class);
  private final HikariDataSource dataSource;
  private final SessionFactory sessions;
  /** {@link #select}'s statements and rows, counted as Hibernate's statistics count its own. */
  private final java.util.concurrent.atomic.LongAdder plainStatements = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder plainRows = new java.util.concurrent.atomic.LongAdder();

  public Database(DatabaseSettings settings, List<Class<?>> entities) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(settings.jdbcUrl());
    hc.setUsername(settings.user());
    hc.setPassword(settings.password());
    hc.setMaximumPoolSize(settings.maxConnections());
    hc.setPoolName("clc-db");
    this.dataSource = new HikariDataSource(hc);
    try {
      Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
      Configuration cfg = new Configuration();
      entities.forEach(cfg::addAnnotatedClass);
      cfg.getProperties().put("hibernate.connection.datasource", dataSource);
      cfg.setProperty("hibernate.hbm2ddl.auto", "validate");
      cfg.setProperty("hibernate.jdbc.batch_size", "50");
      cfg.setProperty("hibernate.order_updates", "true");
      // Counters only (statements, entities loaded): what a request costs the database can be seen and tested.
      cfg.setProperty("hibernate.generate_statistics", "true");
      this.sessions = cfg.buildSessionFactory();
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /**
   * What runs in one transaction: it may throw {@code E}, a checked exception of the domain (a key
   * pair that exists, a group in use), which rolls the transaction back and reaches the caller as it
   * is. Work that throws none infers {@code E} as {@link RuntimeException}.
   */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T apply(Session session) throws E;
  }

  /** {@link Work} with no result. */
  @FunctionalInterface
  public interface VoidWork<E extends Exception> {
    void accept(Session session) throws E;
  }

  /**
   * Runs {@code work} in one transaction, committing on return and rolling back on any exception. A
   * transaction the database chose as a deadlock's victim (rolled back whole, SQLSTATE 40001/40P01)
   * runs again, up to {@link #DEADLOCK_ATTEMPTS} times in all: two transactions that lock the same rows
   * in different orders (the state sync, a launch lending addresses) both get through.
   */
  public <T, E extends Exception> T inTransaction(Work<T, E> work) throws E {
    for (int attempt = 1; ; attempt++) {
      try {
        return once(work);
      } catch (RuntimeException e) {
        if (attempt >= DEADLOCK_ATTEMPTS || !deadlockVictim(e)) {
          throw e;
        }
        try {
          Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(5, 50) * (long) attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  static final int DEADLOCK_ATTEMPTS = 4;

  /** Whether {@code e} says the database rolled the transaction back to break a deadlock. */
  static boolean deadlockVictim(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLException sql
          && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  private <T, E extends Exception> T once(Work<T, E> work) throws E {
    try (Session s = sessions.openSession()) {
      Transaction tx = s.beginTransaction();
      try {
        T result = work.apply(s);
        tx.commit();
        return result;
      } catch (Exception | Error e) {
        if (tx.isActive()) {
          tx.rollback();
        }
        throw e;
      }
    }
  }

  /**
   * Runs an insert under randomly drawn ids (32 bits, so they can clash): {@code work} draws its
   * ids each time it runs, and runs again in a new transaction when the insert hits a unique key,
   * at most {@code attempts} times in all. A clash on another unique key (a name, a client token)
   * is seen by {@code work} itself on its next run, through the row that now holds the key.
   */
  public <T, E extends Exception> T insertWithFreshIds(int attempts, Work<T, E> work) throws E {
    for (int attempt = 1; ; attempt++) {
      try {
        return inTransaction(s -> {
          T result = work.apply(s);
          s.flush(); // the insert's unique keys are checked here, inside the retry
          return result;
        });
      } catch (RuntimeException e) {
        if (attempt >= attempts || !isUniqueViolation(e)) {
          throw e;
        }
        LOG.info("insert clashed with an existing key (attempt {} of {}): trying again with new ids", attempt, attempts);
      }
    }
  }

  /** Whether {@code e} comes from a unique or primary key already held by another row (SQLSTATE 23505). */
  public static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Runs {@code work} in one transaction, as {@link #inTransaction} does. */
  public <E extends Exception> void run(VoidWork<E> work) throws E {
    inTransaction(s -> {
      work.accept(s);
      return null;
    });
  }

  /** Reads one row of a {@link #select}'s result into what the caller keeps of it. */
  @FunctionalInterface
  public interface RowReader<R> {
    R read(java.sql.ResultSet row) throws java.sql.SQLException;
  }

  /**
   * One read-only query in plain SQL on a pooled connection (autocommit), outside Hibernate: no
   * session, transaction, persistence context or flush, no entity per row. For hot read paths that
   * only show what they read (DescribeInstances: Hibernate's entity loading was three quarters of a
   * 1,000-instance answer's time). Each {@code ?} takes the next parameter: a String, Integer, Long,
   * Boolean or Instant; a Collection fills one {@code (?)} with as many markers as it has values
   * (not empty). Counted in {@link #counts()} as a statement and its rows. The list returned is the
   * caller's own, to sort or change.
   */
  public <R> List<R> select(String sql, List<?> params, RowReader<R> reader) {
    StringBuilder text = new StringBuilder(sql.length() + 16);
    List<Object> flat = new java.util.ArrayList<>();
    int from = 0;
    int param = 0;
    for (int at = sql.indexOf('?'); at >= 0; at = sql.indexOf('?', from)) {
      text.append(sql, from, at);
      Object value = params.get(param++);
      if (value instanceof java.util.Collection<?> values) {
        if (values.isEmpty()) {
          throw new IllegalArgumentException("an empty list for parameter " + param + " of " + sql);
        }
        text.append(String.join(", ", java.util.Collections.nCopies(values.size(), "?")));
        flat.addAll(values);
      } else {
        text.append('?');
        flat.add(value);
      }
      from = at + 1;
    }
    text.append(sql, from, sql.length());
    plainStatements.increment();
    try (java.sql.Connection c = dataSource.getConnection();
        java.sql.PreparedStatement st = c.prepareStatement(text.toString())) {
      for (int i = 0; i < flat.size(); i++) {
        Object v = flat.get(i);
        if (v instanceof java.time.Instant t) {
          st.setObject(i + 1, t.atOffset(java.time.ZoneOffset.UTC));
        } else {
          st.setObject(i + 1, v);
        }
      }
      List<R> out = new java.util.ArrayList<>();
      try (java.sql.ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(reader.read(rs));
        }
      }
      plainRows.add(out.size());
      return out;
    } catch (java.sql.SQLException e) {
      throw new org.hibernate.exception.GenericJDBCException("could not run " + text, e);
    }
  }

  /** A {@code timestamp with time zone} column of a {@link #select}'s row, as an Instant (null stays null). */
  public static java.time.Instant instant(java.sql.ResultSet row, String column) throws java.sql.SQLException {
    return instant(row, row.findColumn(column));
  }

  /** As {@link #instant(java.sql.ResultSet, String)}, of the column at {@code index} (from 1). */
  public static java.time.Instant instant(java.sql.ResultSet row, int index) throws java.sql.SQLException {
    java.time.OffsetDateTime t = row.getObject(index, java.time.OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /**
   * What the database was asked since it was opened: SQL statements prepared (Hibernate's and
   * {@link #select}'s), entities Hibernate read, and rows {@link #select} read.
   */
  public record Counts(long statements, long entitiesLoaded, long rowsSelected) {
    /** What was asked between {@code before} and these counts. */
    public Counts since(Counts before) {
      return new Counts(statements - before.statements, entitiesLoaded - before.entitiesLoaded,
          rowsSelected - before.rowsSelected);
    }

    /** Entities and plain rows read: what a request materialised. */
    public long rowsRead() {
      return entitiesLoaded + rowsSelected;
    }
  }

  /** The counts so far, of every session and every {@link #select}. */
  public Counts counts() {
    var st = sessions.getStatistics();
    return new Counts(st.getPrepareStatementCount() + plainStatements.sum(), st.getEntityLoadCount(),
        plainRows.sum());
  }

  /** Rows read (entities loaded and the rows of queries) and written (entities inserted, updated, deleted). */
  public record Rows(long read, long written) {}

  /** The rows so far, of every session. */
  public Rows rows() {
    var st = sessions.getStatistics();
    long queried = 0;
    for (String q : st.getQueries()) {
      queried += st.getQueryStatistics(q).getExecutionRowCount();
    }
    return new Rows(st.getEntityLoadCount() + queried,
        st.getEntityInsertCount() + st.getEntityUpdateCount() + st.getEntityDeleteCount());
  }

  @Override
  public void close() {
    sessions.close();
    dataSource.close();
  }
}
