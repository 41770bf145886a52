package org.eucalyptus.walrus.auth;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Clock;
import java.util.Optional;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.CachingKeyResolver;
import org.eucalyptus.common.auth.SecretKeyResolver;

/**
 * Access keys read from the cloud controller's database, for a Walrus running in a process of its
 * own: read-only, through the CLC's published schema (accounts, users, access_keys), with a short
 * cache. Eucalyptus 3.1's components shared one database the same way. When component credentials
 * exist, a signed call to the CLC replaces this.
 */
public final class DatabaseKeyResolver implements SecretKeyResolver, org.eucalyptus.common.pki.AccountCertificates,
    AutoCloseable {
  private static final Duration CACHE_TTL = Duration.ofSeconds(5);
  private static final String QUERY = "select k.secret_key, a.account_number, a.name, u.user_id, u.name"
      + " from access_keys k join users u on u.user_id = k.user_id"
      + " join accounts a on a.account_number = u.account_number"
      + " where k.access_key_id = ? and k.active = true";

  private final HikariDataSource db;
  private final CachingKeyResolver cache = new CachingKeyResolver(this::lookup, Clock.systemUTC(), CACHE_TTL);

  public DatabaseKeyResolver(String jdbcUrl, String user, String password) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    c.setUsername(user);
    c.setPassword(password);
    c.setMaximumPoolSize(4);
    c.setReadOnly(true);
    c.setPoolName("walrus-keys");
    this.db = new HikariDataSource(c);
  }

  @Override
  public Optional<AccessKeyOwner> resolve(String accessKeyId) {
    return cache.resolve(accessKeyId);
  }

  private Optional<AccessKeyOwner> lookup(String accessKeyId) {
    try (Connection conn = db.getConnection(); PreparedStatement st = conn.prepareStatement(QUERY)) {
      st.setString(1, accessKeyId);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String accountName = rs.getString(3);
        String userName = rs.getString(5);
        return Optional.of(new AccessKeyOwner(accessKeyId, rs.getString(1), rs.getString(2), accountName,
            rs.getString(4), userName, accountName.equals("eucalyptus") && userName.equals("admin")));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read access keys from the cloud controller's database: "
          + e.getMessage(), e);
    }
  }

  /** The account's users' active signing certificates (for checking bundle signatures). */
  @Override
  public java.util.List<java.security.cert.X509Certificate> forAccount(String accountNumber) {
    java.util.List<java.security.cert.X509Certificate> out = new java.util.ArrayList<>();
    try (Connection conn = db.getConnection(); PreparedStatement st = conn.prepareStatement(
        "select c.certificate from signing_certificates c join users u on u.user_id = c.user_id"
            + " where u.account_number = ? and c.active = true")) {
      st.setString(1, accountNumber);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          try {
            out.add(org.eucalyptus.common.pki.Pem.certificate(rs.getString(1)));
          } catch (java.security.GeneralSecurityException e) {
            // a certificate that cannot be read verifies nothing
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read signing certificates from the cloud controller's database: "
          + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public void close() {
    db.close();
  }
}
