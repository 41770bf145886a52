package org.eucalyptus.clc.api;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.persistence.TestDatabases;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A cloud controller on a loopback port, for API tests. Its database is the embedded one, or a
 * fresh PostgreSQL database when the system property {@code euca.test.db} is {@code postgresql}
 * (the build runs the API tests once with each).
 */
public final class ClcApiFixture implements AutoCloseable {
  public final CloudController clc;
  public final HttpServer server;
  /** The database's JDBC settings, for tests that set up rows directly. */
  public final org.eucalyptus.clc.persistence.DatabaseSettings database;
  private final Runnable dropDatabase;

  public ClcApiFixture(Path dataDir) throws Exception {
    this(dataDir, Map.of());
  }

  public ClcApiFixture(Path dataDir, Map<String, String> extra) throws Exception {
    TestDatabases.TestDatabase db = TestDatabases.create(System.getProperty("euca.test.db", "h2"), dataDir);
    dropDatabase = db.drop();
    database = db.settings();
    clc = new CloudController(conf(dataDir, db).with(extra)).start();
    server = new HttpServer("clc-test", new InetSocketAddress("127.0.0.1", 0), clc.routes()).start();
  }

  /** Settings for a CLC with its data in {@code dataDir} and its database {@code db}. */
  public static EucaConf conf(Path dataDir, TestDatabases.TestDatabase db) {
    Map<String, String> m = new java.util.HashMap<>(Map.of("CLC_DATA_DIR", dataDir.toString()));
    if (!db.settings().jdbcUrl().startsWith("jdbc:h2:")) {
      m.put("CLC_DB_URL", db.settings().jdbcUrl());
      m.put("CLC_DB_USER", db.settings().user());
      m.put("CLC_DB_PASSWORD", db.settings().password());
    }
    return EucaConf.of(m);
  }

  public String base() {
    return "http://127.0.0.1:" + server.port();
  }

  public Ec2Client ec2(AccessKeyOwner key) {
    return ec2(key.accessKeyId(), key.secretKey());
  }

  public Ec2Client ec2(String accessKey, String secret) {
    return Ec2Client.builder()
        .endpointOverride(URI.create(base() + "/services/Eucalyptus"))
        .region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
        .httpClient(Apache5HttpClient.create())
        .build();
  }

  /** A new account with an access key for its admin user. */
  public AccessKeyOwner newAccount(String name) throws org.eucalyptus.clc.errors.DomainException {
    clc.identity().createAccount(name);
    return clc.identity().createAccessKey(name, "admin");
  }

  /**
   * Closes what a test class set up, skipping what it never got to (a skipped {@code @BeforeAll}
   * leaves its fields null), closing the rest even if one fails, and rethrowing the first failure.
   */
  public static void closeAll(AutoCloseable... resources) {
    RuntimeException first = null;
    for (AutoCloseable r : resources) {
      if (r == null) {
        continue;
      }
      try {
        r.close();
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public void close() {
    server.close();
    clc.close();
    dropDatabase.run();
  }
}
