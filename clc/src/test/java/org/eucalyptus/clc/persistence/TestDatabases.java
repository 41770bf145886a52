package org.eucalyptus.clc.persistence;

import java.nio.file.Path;
import org.eucalyptus.testfixtures.TestPostgres;

/**
 * Real databases for tests: an H2 file in a temporary directory, or a throwaway database on the local
 * PostgreSQL server (test-fixtures' {@link TestPostgres}: skipped without a server, except in CI).
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

  private static TestDatabase postgres() {
    TestPostgres pg = TestPostgres.create("euca_test");
    return new TestDatabase(new DatabaseSettings(pg.jdbcUrl(), TestPostgres.USER, TestPostgres.PASSWORD, 4), pg::close);
  }
}
