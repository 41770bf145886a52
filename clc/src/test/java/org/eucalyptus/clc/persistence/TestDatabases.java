package org.eucalyptus.clc.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real databases for tests: an H2 file in a temporary directory, or a fresh database on the local
 * PostgreSQL server ({@code EUCA_TEST_PG} = host:port, default 127.0.0.1:5432, user postgres, trust
 * authentication; {@code tools/setup-test-postgres} prepares one). Without a server the PostgreSQL
 * cases are skipped, except in CI ({@code CI=true}), where they must run.
 */
public final class TestDatabases {
  private TestDatabases() {}

  /** A database of the given kind ("h2" or "postgresql"), and how to drop it afterwards. */
  public record TestDatabase(DatabaseSettings settings, Runnable drop) {}

  public static TestDatabase create(String kind, Path tempDir) {
    return switch (kind) {
      case "h2" -> new TestDatabase(DatabaseSettings.embedded(tempDir), () -> { });
      case "postgresql" -> postgres();
      default -> throw new IllegalArgumentException(kind);
    };
  }

  /** Where the test PostgreSQL is: {@code EUCA_TEST_PG}, by default 127.0.0.1:5432. */
  static String postgresHostPort() {
    return System.getenv().getOrDefault("EUCA_TEST_PG", "127.0.0.1:5432");
  }

  private static TestDatabase postgres() {
    String hostPort = postgresHostPort();
    String admin = "jdbc:postgresql://" + hostPort + "/postgres";
    String name = "euca_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(admin, "postgres", "");
         Statement st = c.createStatement()) {
      st.execute("create database " + name);
    } catch (SQLException e) {
      String why = "PostgreSQL not reachable at " + hostPort + " as postgres (" + e.getMessage()
          + "); run tools/setup-test-postgres";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    Runnable drop = () -> {
      try (Connection c = DriverManager.getConnection(admin, "postgres", "");
           Statement st = c.createStatement()) {
        st.execute("drop database if exists " + name + " with (force)");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    };
    return new TestDatabase(
        new DatabaseSettings("jdbc:postgresql://" + hostPort + "/" + name, "postgres", "", 4), drop);
  }
}
