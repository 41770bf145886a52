package org.eucalyptus.walrus;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Walrus's database for a test: the embedded one, or (with {@code euca.test.db=postgresql}) a fresh
 * database on the local PostgreSQL, dropped at close.
 */
public final class TestDb implements AutoCloseable {
  private final String admin;
  private final String name;

  private TestDb(String admin, String name) {
    this.admin = admin;
    this.name = name;
  }

  public static TestDb create() {
    if (!"postgresql".equals(System.getProperty("euca.test.db"))) {
      return new TestDb(null, null);
    }
    String hostPort = System.getenv().getOrDefault("EUCA_TEST_PG", "127.0.0.1:5432");
    String admin = "jdbc:postgresql://" + hostPort + "/postgres";
    String name = "walrus_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(admin, "postgres", ""); Statement st = c.createStatement()) {
      st.execute("create database " + name);
    } catch (SQLException e) {
      String why = "PostgreSQL not reachable at " + hostPort + " (" + e.getMessage() + ")";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    return new TestDb(admin, name);
  }

  /** Settings that point Walrus at this database (none for the embedded one). */
  public Map<String, String> settings() {
    return admin == null ? Map.of() : Map.of("WALRUS_DB_URL", admin.replace("/postgres", "/" + name),
        "WALRUS_DB_USER", "postgres", "WALRUS_DB_PASSWORD", "");
  }

  @Override
  public void close() {
    if (admin == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(admin, "postgres", ""); Statement st = c.createStatement()) {
      st.execute("drop database if exists " + name + " with (force)");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
