package org.eucalyptus.clc.persistence;

import java.nio.file.Path;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.util.EmbeddedH2;

/** Where the cloud controller's database is: the embedded H2 file by default, PostgreSQL when configured. */
public record DatabaseSettings(String jdbcUrl, String user, String password, int maxConnections) {
  /** How long a transaction on the embedded H2 waits for a row another holds (see {@link #embedded}). */
  static final int EMBEDDED_LOCK_TIMEOUT_MS = 10_000;

  public static DatabaseSettings embedded(Path dataDir) {
    return new DatabaseSettings(
        // LOCK_TIMEOUT: every commit writes the file, one at a time, and a row stays locked until its
        // commit is written; H2's default 2 s wait is less than that queue under a launch burst on a busy
        // host (PostgreSQL waits without limit). A wait past it is the client's ServiceUnavailable.
        EmbeddedH2.url(dataDir.resolve("db/eucalyptus")) + ";LOCK_TIMEOUT=" + EMBEDDED_LOCK_TIMEOUT_MS,
        "sa", "", 16);
  }

  public static DatabaseSettings from(EucaConf conf, Path dataDir) {
    return conf.get("CLC_DB_URL")
        .map(url -> new DatabaseSettings(url, conf.get("CLC_DB_USER", ""), conf.get("CLC_DB_PASSWORD", ""),
            conf.intAtLeast("CLC_DB_POOL", 16, 1)))
        .orElseGet(() -> embedded(dataDir));
  }
}
