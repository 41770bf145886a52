package org.eucalyptus.walrus;

import java.util.Map;
import org.eucalyptus.testfixtures.TestPostgres;

/**
 * Walrus's database for a test: the embedded one, or (with {@code euca.test.db=postgresql}) a fresh
 * database on the local PostgreSQL, dropped at close.
 */
public final class TestDb implements AutoCloseable {
  private final TestPostgres postgres;

  private TestDb(TestPostgres postgres) {
    this.postgres = postgres;
  }

  public static TestDb create() {
    return new TestDb(TestPostgres.requested() ? TestPostgres.create("walrus_test") : null);
  }

  /** Settings that point Walrus at this database (none for the embedded one). */
  public Map<String, String> settings() {
    return postgres == null ? Map.of() : postgres.settings("WALRUS");
  }

  @Override
  public void close() {
    if (postgres != null) {
      postgres.close();
    }
  }
}
