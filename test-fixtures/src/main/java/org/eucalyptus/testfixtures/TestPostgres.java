package org.eucalyptus.testfixtures;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A throwaway database on the local PostgreSQL server, dropped at close: {@code EUCA_TEST_PG} =
 * host:port (default 127.0.0.1:5432), user postgres with trust authentication on loopback
 * ({@code tools/setup-test-postgres} prepares one). Without a server the test is skipped with the
 * reason, or fails under CI=true ({@link HostParts#skip}).
 */
public final class TestPostgres implements AutoCloseable {
  public static final String USER = "postgres";
  public static final String PASSWORD = "";

  private final String hostPort;
  private final String name;

  private TestPostgres(String hostPort, String name) {
    this.hostPort = hostPort;
    this.name = name;
  }

  /** Whether this run asks for PostgreSQL ({@code -Deuca.test.db=postgresql}, the modules' second surefire run). */
  public static boolean requested() {
    return "postgresql".equals(System.getProperty("euca.test.db"));
  }

  /** Where the test server is: {@code EUCA_TEST_PG}, by default 127.0.0.1:5432. */
  public static String hostPort() {
    return System.getenv().getOrDefault("EUCA_TEST_PG", "127.0.0.1:5432");
  }

  /** Why the server cannot be used, or empty when it answers. */
  public static Optional<String> unreachable() {
    try {
      admin(hostPort()).close();
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(why(hostPort(), e));
    }
  }

  /** A fresh database named {@code <prefix>_<random>}; skips (or fails under CI) without a server. */
  public static TestPostgres create(String prefix) {
    String hostPort = hostPort();
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = admin(hostPort); Statement st = c.createStatement()) {
      st.execute("create database " + name);
    } catch (SQLException e) {
      HostParts.skip(why(hostPort, e));
    }
    return new TestPostgres(hostPort, name);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + hostPort + "/" + name;
  }

  /** The settings that point a component at this database: {@code <COMPONENT>_DB_URL}, {@code _USER}, {@code _PASSWORD}. */
  public Map<String, String> settings(String component) {
    return Map.of(component + "_DB_URL", jdbcUrl(), component + "_DB_USER", USER, component + "_DB_PASSWORD", PASSWORD);
  }

  @Override
  public void close() {
    try (Connection c = admin(hostPort); Statement st = c.createStatement()) {
      st.execute("drop database if exists " + name + " with (force)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop the test database " + name, e);
    }
  }

  private static Connection admin(String hostPort) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/postgres", USER, PASSWORD);
  }

  private static String why(String hostPort, SQLException e) {
    return "PostgreSQL not reachable at " + hostPort + " as " + USER + " (" + e.getMessage()
        + "); run tools/setup-test-postgres";
  }
}
