package org.eucalyptus.clc.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eucalyptus.clc.persistence.Database;
import org.hibernate.Session;

/**
 * IAM's GetAccountSummary as far as this cloud knows it: the counts of an account's IAM entities and
 * the per-user limits this CLC enforces, under AWS's SummaryMap keys. There are no MFA devices, server
 * certificates or managed policies here, so those are 0 where AWS clients read them.
 */
public final class AccountSummary {
  private final Database db;

  public AccountSummary(IdentityStore identity) {
    this.db = identity.db();
  }

  /** The account's entries, in a stable order. */
  public Map<String, Long> of(String account) {
    return db.inTransaction(s -> {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("Users", count(s, "select count(*) from User where accountNumber = :a", account));
      m.put("Groups", count(s, "select count(*) from Group where accountNumber = :a", account));
      m.put("GroupPolicySizeQuota", (long) IamPolicy.MAX_DOCUMENT);
      m.put("UserPolicySizeQuota", (long) IamPolicy.MAX_DOCUMENT);
      m.put("AccessKeysPerUserQuota", (long) IamDirectory.MAX_ACCESS_KEYS);
      m.put("GroupsPerUserQuota", (long) GroupMemberships.MAX_GROUPS_PER_USER);
      // The account's admin stands for AWS's root user: its keys are the account's own.
      m.put("AccountAccessKeysPresent", count(s, "select count(*) from AccessKey k, User u where k.userId = u.userId"
          + " and u.accountNumber = :a and u.name = '" + User.ADMIN + "'", account) > 0 ? 1L : 0L);
      m.put("AccountSigningCertificatesPresent", count(s, "select count(*) from SigningCertificate c, User u"
          + " where c.userId = u.userId and u.accountNumber = :a and u.name = '" + User.ADMIN + "'", account) > 0
          ? 1L : 0L);
      m.put("AccountMFAEnabled", 0L);
      m.put("MFADevices", 0L);
      m.put("MFADevicesInUse", 0L);
      m.put("Policies", 0L);
      m.put("ServerCertificates", 0L);
      return m;
    });
  }

  private static long count(Session s, String hql, String account) {
    return s.createQuery(hql, Long.class).setParameter("a", account).uniqueResult();
  }
}
