package org.eucalyptus.clc.identity;

import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.common.policy.CallerPolicies;
import org.eucalyptus.common.policy.PolicyDocument;
import org.eucalyptus.common.policy.ParsedPolicies;
import org.eucalyptus.common.policy.PolicySource;

/**
 * The policies of a caller as the database holds them now: its own, its groups' and its account's,
 * read in one transaction per request. Parsed documents are kept by their text (a parse is pure),
 * so a changed policy is simply a new text: nothing here can outlive a policy change.
 */
public final class StoredPolicies implements PolicySource {

  private final Database db;
  private final ParsedPolicies parsed = new ParsedPolicies();

  public StoredPolicies(Database db) {
    this.db = db;
  }

  @Override
  public CallerPolicies policiesOf(Caller caller) {
    if (caller.admin()) {
      return CallerPolicies.NONE; // the cloud administrator is not bound by policies
    }
    List<String[]> rows = db.inTransaction(s -> s.createQuery(
        "select p.ownerKind, p.document from IamPolicy p where (p.ownerKind = :user and p.ownerId = :userId)"
            + " or (p.ownerKind = :account and p.ownerId = :accountNumber)"
            + " or (p.ownerKind = :group and p.ownerId in"
            + " (select m.key.groupId from GroupMember m where m.key.userId = :userId))"
            + " order by p.ownerKind, p.ownerId, p.name", Object[].class)
        .setParameter("user", IamPolicy.OwnerKind.USER).setParameter("group", IamPolicy.OwnerKind.GROUP)
        .setParameter("account", IamPolicy.OwnerKind.ACCOUNT).setParameter("userId", caller.userId())
        .setParameter("accountNumber", caller.accountNumber())
        .list().stream().map(r -> new String[] {r[0].toString(), (String) r[1]}).toList());
    List<PolicyDocument> identity = new ArrayList<>();
    List<PolicyDocument> account = new ArrayList<>();
    for (String[] row : rows) {
      PolicyDocument d = parsed.of(row[1]);
      if (d != null) {
        (row[0].equals(IamPolicy.OwnerKind.ACCOUNT.name()) ? account : identity).add(d);
      }
    }
    return new CallerPolicies(identity, account);
  }
}
