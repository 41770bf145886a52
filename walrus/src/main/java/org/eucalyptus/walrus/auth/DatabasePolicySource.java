package org.eucalyptus.walrus.auth;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.common.policy.CallerPolicies;
import org.eucalyptus.common.policy.PolicyDocument;
import org.eucalyptus.common.policy.ParsedPolicies;
import org.eucalyptus.common.policy.PolicySource;

/**
 * The callers' IAM policies read from the cloud controller's database, for a Walrus running in a
 * process of its own: read-only, through the CLC's published schema ({@code iam_policies},
 * {@code iam_group_members}), once per request, so a policy change counts from the next request.
 * Parsed documents are kept by their text only (a parse is pure): a changed policy is a new text.
 */
public final class DatabasePolicySource implements PolicySource, AutoCloseable {
  private static final String QUERY = "select p.owner_kind, p.document from iam_policies p"
      + " where (p.owner_kind = 'USER' and p.owner_id = ?) or (p.owner_kind = 'ACCOUNT' and p.owner_id = ?)"
      + " or (p.owner_kind = 'GROUP' and p.owner_id in (select m.group_id from iam_group_members m where m.user_id = ?))"
      + " order by p.owner_kind, p.owner_id, p.name";

  private final HikariDataSource db;
  private final ParsedPolicies parsed = new ParsedPolicies();

  public DatabasePolicySource(String jdbcUrl, String user, String password) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    c.setUsername(user);
    c.setPassword(password);
    c.setMaximumPoolSize(4);
    c.setReadOnly(true);
    c.setPoolName("walrus-policies");
    this.db = new HikariDataSource(c);
  }

  @Override
  public CallerPolicies policiesOf(Caller caller) {
    if (caller.admin()) {
      return CallerPolicies.NONE; // the cloud administrator is not bound by policies
    }
    List<PolicyDocument> identity = new ArrayList<>();
    List<PolicyDocument> account = new ArrayList<>();
    try (Connection conn = db.getConnection(); PreparedStatement st = conn.prepareStatement(QUERY)) {
      st.setString(1, caller.userId());
      st.setString(2, caller.accountNumber());
      st.setString(3, caller.userId());
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          PolicyDocument d = parsed.of(rs.getString(2));
          if (d != null) {
            ("ACCOUNT".equals(rs.getString(1)) ? account : identity).add(d);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read IAM policies from the cloud controller's database: "
          + e.getMessage(), e);
    }
    return new CallerPolicies(identity, account);
  }

  @Override
  public void close() {
    db.close();
  }
}
