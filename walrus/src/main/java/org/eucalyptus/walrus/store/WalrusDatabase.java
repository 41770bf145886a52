package org.eucalyptus.walrus.store;

import org.eucalyptus.common.util.EmbeddedH2;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Walrus's own metadata database: an H2 file by default, PostgreSQL when configured; Flyway keeps its schema. */
public final class WalrusDatabase implements AutoCloseable {
  private final HikariDataSource ds;

  public WalrusDatabase(String jdbcUrl, String user, String password) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    c.setUsername(user);
    c.setPassword(password);
    c.setMaximumPoolSize(16);
    c.setPoolName("walrus-db");
    ds = new HikariDataSource(c);
    try {
      // Its own history table, so Walrus may share a PostgreSQL database with the CLC.
      Flyway.configure().dataSource(ds).locations("classpath:db/walrus").table("walrus_schema_history")
          .baselineOnMigrate(true).baselineVersion("0").load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  public static WalrusDatabase embedded(Path dir) {
    // An acknowledged object survives kill -9 and an interrupted thread (see EmbeddedH2).
    return new WalrusDatabase(EmbeddedH2.url(dir.resolve("walrus")), "sa", "");
  }

  public DataSource dataSource() {
    return ds;
  }

  @Override
  public void close() {
    ds.close();
  }
}
