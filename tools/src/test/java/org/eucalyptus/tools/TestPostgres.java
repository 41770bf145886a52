package org.eucalyptus.tools;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh database on the local PostgreSQL (EUCA_TEST_PG, default 127.0.0.1:5432, user postgres)
 * when {@code euca.test.db=postgresql}; the settings that point the CLC at it, or none.
 */
public final class TestPostgres implements AutoCloseable {
  private final String admin;
  private final String name;

  private TestPostgres(String admin, String name) {
    this.admin = admin;
    this.name = name;
  }

  public static boolean wanted() {
    return "postgresql".equals(System.getProperty("euca.test.db"));
  }

  public static TestPostgres create() {
    String hostPort = System.getenv().getOrDefault("EUCA_TEST_PG", "127.0.0.1:5432");
    String admin = "jdbc:postgresql://" + hostPort + "/postgres";
    String name = "euca_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(admin, "postgres", ""); Statement st = c.createStatement()) {
      st.execute("create database " + name);
    } catch (SQLException e) {
      String why = "PostgreSQL not reachable at " + hostPort + " (" + e.getMessage() + "); run tools/setup-test-postgres";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    return new TestPostgres(admin, name);
  }

  public Map<String, String> settings() {
    return Map.of("CLC_DB_URL", admin.replace("/postgres", "/" + name), "CLC_DB_USER", "postgres",
        "CLC_DB_PASSWORD", "");
  }

  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(admin, "postgres", ""); Statement st = c.createStatement()) {
      st.execute("drop database if exists " + name + " with (force)");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
