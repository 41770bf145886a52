package org.eucalyptus.clc.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
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
  private final HikariDataSource dataSource;
  private final SessionFactory sessions;

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
      this.sessions = cfg.buildSessionFactory();
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /** Runs {@code work} in one transaction, committing on return and rolling back on any exception. */
  public <T> T inTransaction(Function<Session, T> work) {
    try (Session s = sessions.openSession()) {
      Transaction tx = s.beginTransaction();
      try {
        T result = work.apply(s);
        tx.commit();
        return result;
      } catch (RuntimeException | Error e) {
        if (tx.isActive()) {
          tx.rollback();
        }
        throw e;
      }
    }
  }

  public void run(Consumer<Session> work) {
    inTransaction(s -> {
      work.accept(s);
      return null;
    });
  }

  @Override
  public void close() {
    sessions.close();
    dataSource.close();
  }
}
