package org.eucalyptus.sc.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eucalyptus.sc.ScSettings;
import org.flywaydb.core.Flyway;

/**
 * The storage controller's own database: an H2 file by default, PostgreSQL when configured; Flyway
 * keeps its schema. Plain JDBC: the tables are few and small.
 */
public final class ScDatabase implements AutoCloseable {
  private final HikariDataSource ds;

  public ScDatabase(ScSettings.Database settings) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(settings.url());
    c.setUsername(settings.user());
    c.setPassword(settings.password());
    c.setMaximumPoolSize(8);
    c.setPoolName("sc-db");
    ds = new HikariDataSource(c);
    try {
      // Its own history table, so the SC may share a PostgreSQL database with others.
      Flyway.configure().dataSource(ds).locations("classpath:db/sc").table("sc_schema_history")
          .baselineOnMigrate(true).baselineVersion("0").load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  public DataSource dataSource() {
    return ds;
  }

  /** Work on one connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  public <T> T inTransaction(Work<T> work) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        T t = work.run(c);
        c.commit();
        return t;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  @Override
  public void close() {
    ds.close();
  }

  /** A database failure: the storage controller cannot answer (soap:Server). */
  public static final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreException(SQLException e) {
      super("the storage controller's database failed: " + e.getMessage(), e);
    }
  }
}
