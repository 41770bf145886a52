package org.eucalyptus.bench;

import org.eucalyptus.common.util.EmbeddedH2;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.eucalyptus.tools.admin.Ec2QueryClient;

/**
 * Puts the benchmark user into {@code groups} groups and spreads the policies over them: through
 * the IAM API (CreateGroup, AddUserToGroup, PutGroupPolicy), as an account admin would, or, for a
 * build without those actions, straight into the CLC's embedded database (the tables of
 * V13__iam_groups_policies.sql), which it opens beside the running CLC (H2's AUTO_SERVER).
 */
final class PolicySeeding {
  private static final SecureRandom RANDOM = new SecureRandom();

  private PolicySeeding() {}

  static void throughApi(Ec2QueryClient accountIam, String userName, int groups, List<String> docs)
      throws Exception {
    for (int g = 0; g < groups; g++) {
      String group = groupName(g);
      accountIam.call("CreateGroup", Map.of("GroupName", group, "Path", "/bench/"));
      accountIam.call("AddUserToGroup", Map.of("GroupName", group, "UserName", userName));
    }
    for (int p = 0; p < docs.size(); p++) {
      accountIam.call("PutGroupPolicy", Map.of("GroupName", groupName(p % groups), "PolicyName", policyName(p),
          "PolicyDocument", docs.get(p)));
    }
  }

  static void intoDatabase(Path clcData, String accountNumber, String userId, int groups, List<String> docs)
      throws Exception {
    String url = EmbeddedH2.url(clcData.resolve("db/eucalyptus"));
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      c.setAutoCommit(false);
      String[] groupIds = new String[groups];
      try (PreparedStatement group = c.prepareStatement("insert into iam_groups (group_id, account_number, name,"
              + " path, created) values (?, ?, ?, '/bench/', current_timestamp)");
          PreparedStatement member = c.prepareStatement(
              "insert into iam_group_members (group_id, user_id) values (?, ?)")) {
        for (int g = 0; g < groups; g++) {
          groupIds[g] = id("AGPA");
          group.setString(1, groupIds[g]);
          group.setString(2, accountNumber);
          group.setString(3, groupName(g));
          group.executeUpdate();
          member.setString(1, groupIds[g]);
          member.setString(2, userId);
          member.executeUpdate();
        }
      }
      try (PreparedStatement policy = c.prepareStatement("insert into iam_policies (policy_id, owner_kind, owner_id,"
          + " name, document, created) values (?, 'GROUP', ?, ?, ?, current_timestamp)")) {
        for (int p = 0; p < docs.size(); p++) {
          policy.setString(1, id("ANPA"));
          policy.setString(2, groupIds[p % groups]);
          policy.setString(3, policyName(p));
          policy.setString(4, docs.get(p));
          policy.executeUpdate();
        }
      }
      c.commit();
    }
  }

  private static String groupName(int g) {
    return String.format("bench-g%02d", g);
  }

  private static String policyName(int p) {
    return String.format("bench-p%02d", p);
  }

  private static String id(String prefix) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder b = new StringBuilder(prefix);
    for (int i = 0; i < 17; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
