package org.eucalyptus.clc.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eucalyptus.clc.errors.ConflictException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.NotPermittedException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;
import org.hibernate.Session;

/**
 * Deletes an account (Eucalyptus's DeleteAccount), in one transaction.
 *
 * <p>What an account owns here: its users with their access keys, signing certificates, login
 * profiles and policies, its IAM groups with their members and policies, its own (quota) policies
 * and its alias, and, in EC2, instances, images (with their launch permissions), key pairs, security
 * groups (with their rules), elastic addresses and tags. Without {@code recursive} the account must
 * hold nothing but its admin user, without keys, certificates, groups or user policies
 * (DeleteConflict otherwise, as Eucalyptus 3.1 refused a non-empty account); with it all of that goes: elastic addresses go back to the pool, rules of
 * other accounts' groups that name one of its groups go too (those accounts' rules are pushed to the
 * clusters again). Eucalyptus 3.1's recursive delete removed the identity side only and left the
 * account's instances running with no owner; here an account with instances that are not terminated
 * is always refused with DeleteConflict, naming them: they must be terminated first (termination goes
 * through the cluster and takes its time, which a delete should not hide). Walrus buckets live in
 * Walrus's own store and stay; the cloud administrator can remove them.
 */
public final class AccountDeletion {
  private final Database db;
  private final IdentityStore identity;
  private final Consumer<String> rulesChanged;

  /** @param rulesChanged told of each other account whose security group rules changed */
  public AccountDeletion(IdentityStore identity, Consumer<String> rulesChanged) {
    this.db = identity.db();
    this.identity = identity;
    this.rulesChanged = rulesChanged;
  }

  private record Outcome(List<String> keys, List<String> accountsWithChangedRules) {}

  /** Deletes the account named {@code nameOrNumber} (its name or its 12-digit number). */
  public void delete(String nameOrNumber, boolean recursive) throws NotFoundException, NotPermittedException,
      ConflictException {
    Account account = db.inTransaction(s -> s.createQuery("from Account where name = :n or accountNumber = :n",
        Account.class).setParameter("n", nameOrNumber).uniqueResultOptional().orElse(null));
    if (account == null) {
      throw new NotFoundException(ResourceKind.ACCOUNT, "The account " + nameOrNumber + " cannot be found.");
    }
    if (account.name().equals(Account.SYSTEM_ACCOUNT)) {
      throw new NotPermittedException(ResourceKind.ACCOUNT, "The system account " + Account.SYSTEM_ACCOUNT
          + " cannot be deleted.");
    }
    String a = account.accountNumber();
    Outcome out;
    try {
      out = db.inTransaction(s -> {
        // Serialises deletes of one account; launches do not take this lock, so a launch that
        // slips in between fails the delete on the instances' foreign key (a conflict, below).
        s.find(Account.class, a, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        List<String> live = strings(s, "select instance_id from instances where account_number = :a"
            + " and state <> 'terminated' order by instance_id", a);
        if (!live.isEmpty()) {
          throw conflict(account, "it has instances that are not terminated (" + String.join(", ", live)
              + "): terminate them first");
        }
        // clc-snapshots: a snapshot's bytes are in Walrus, held by its zone's SC; only DeleteSnapshot removes them.
        List<String> snapshots = strings(s, "select snapshot_id from snapshots where account_number = :a"
            + " order by snapshot_id", a);
        if (!snapshots.isEmpty()) {
          throw conflict(account, "it has snapshots (" + String.join(", ", snapshots) + "): delete them first");
        }
        if (!recursive) {
          String held = holdings(s, a);
          if (held != null) {
            throw conflict(account, "it still has " + held + ": delete them first, or delete the account with"
                + " Recursive=true");
          }
        }
        List<String> keys = strings(s, "select k.access_key_id from access_keys k, users u"
            + " where k.user_id = u.user_id and u.account_number = :a", a);
        List<String> others = strings(s, "select distinct g.account_number from security_group_rules r,"
            + " security_groups g where r.group_id = g.group_id and g.account_number <> :a and r.source_group_id in"
            + " (select group_id from security_groups where account_number = :a)", a);
        for (String sql : List.of(
            "delete from tags where account_number = :a",
            "delete from snapshot_create_volume_permissions where account_number = :a", // clc-snapshots
            "delete from image_launch_permissions where account_number = :a"
                + " or image_id in (select image_id from images where owner_account = :a)",
            "delete from image_block_device_mappings"
                + " where image_id in (select image_id from images where owner_account = :a)",
            "delete from images where owner_account = :a",
            "delete from key_pairs where account_number = :a",
            "delete from security_group_rules where group_id in (select group_id from security_groups"
                + " where account_number = :a) or source_group_id in (select group_id from security_groups"
                + " where account_number = :a)",
            "delete from security_groups where account_number = :a",
            "update addresses set account_number = null, allocation_id = null, instance_id = null,"
                + " auto_assigned = false where account_number = :a",
            "delete from instances where account_number = :a",
            // IAM: memberships, then policies of users, groups and the account, groups, login profiles, alias.
            "delete from iam_group_members where group_id in (select group_id from iam_groups where account_number = :a)"
                + " or user_id in (select user_id from users where account_number = :a)",
            "delete from iam_policies where (owner_kind = 'USER' and owner_id in (select user_id from users"
                + " where account_number = :a)) or (owner_kind = 'GROUP' and owner_id in (select group_id"
                + " from iam_groups where account_number = :a)) or (owner_kind = 'ACCOUNT' and owner_id = :a)",
            "delete from iam_groups where account_number = :a",
            "delete from iam_login_profiles where user_id in (select user_id from users where account_number = :a)",
            "delete from iam_account_aliases where account_number = :a",
            "delete from signing_certificates where user_id in (select user_id from users where account_number = :a)",
            "delete from access_keys where user_id in (select user_id from users where account_number = :a)",
            "delete from iam_login_profiles where user_id in (select user_id from users where account_number = :a)",
            "delete from iam_policies where " + MEMBER_POLICIES + " or (owner_kind = 'ACCOUNT' and owner_id = :a)",
            "delete from users where account_number = :a",
            "delete from accounts where account_number = :a")) {
          s.createNativeMutationQuery(sql).setParameter("a", a).executeUpdate();
        }
        return new Outcome(keys, others);
      });
    } catch (RuntimeException e) {
      if (!foreignKeyViolation(e)) {
        throw e;
      }
      throw conflict(account, "something was made in it while it was being deleted: try again");
    }
    out.keys().forEach(identity::forget);
    out.accountsWithChangedRules().forEach(rulesChanged);
  }

  private static ConflictException conflict(Account account, String why) {
    return new ConflictException(ResourceKind.ACCOUNT, "Cannot delete account " + account.name() + ": " + why + ".");
  }

  /** What the account holds beyond its bare admin user, in words; null when nothing. */
  /** The policies of an account's users and groups (a where clause on iam_policies, with :a). */
  private static final String MEMBER_POLICIES = "(owner_kind = 'USER' and owner_id in"
      + " (select user_id from users where account_number = :a)) or (owner_kind = 'GROUP' and owner_id in"
      + " (select group_id from iam_groups where account_number = :a))";

  private static String holdings(Session s, String a) {
    List<String> held = new ArrayList<>();
    count(s, held, "user(s) besides admin", "select count(*) from users where account_number = :a and name <> 'admin'", a);
    count(s, held, "access key(s)", "select count(*) from access_keys k, users u where k.user_id = u.user_id"
        + " and u.account_number = :a", a);
    count(s, held, "signing certificate(s)", "select count(*) from signing_certificates c, users u"
        + " where c.user_id = u.user_id and u.account_number = :a", a);
    count(s, held, "IAM group(s)", "select count(*) from iam_groups where account_number = :a", a);
    count(s, held, "user or group policy(ies)", "select count(*) from iam_policies where (owner_kind = 'USER'"
        + " and owner_id in (select user_id from users where account_number = :a)) or (owner_kind = 'GROUP'"
        + " and owner_id in (select group_id from iam_groups where account_number = :a))", a);
    count(s, held, "image(s)", "select count(*) from images where owner_account = :a", a);
    count(s, held, "key pair(s)", "select count(*) from key_pairs where account_number = :a", a);
    count(s, held, "security group(s) besides default",
        "select count(*) from security_groups where account_number = :a and name <> 'default'", a);
    count(s, held, "elastic address(es)",
        "select count(*) from addresses where account_number = :a and auto_assigned = false", a);
    // Login profiles and the policies of users and groups (issue 18, h-policies); the account's own
    // policies are the cloud administrator's limits on it and go with it.
    count(s, held, "login profile(s)", "select count(*) from iam_login_profiles p, users u"
        + " where p.user_id = u.user_id and u.account_number = :a", a);
    count(s, held, "user or group polic(ies)", "select count(*) from iam_policies where " + MEMBER_POLICIES, a);
    return held.isEmpty() ? null : String.join(", ", held);
  }

  private static void count(Session s, List<String> held, String what, String sql, String a) {
    long n = ((Number) s.createNativeQuery(sql, Long.class).setParameter("a", a).getSingleResult()).longValue();
    if (n > 0) {
      held.add(n + " " + what);
    }
  }

  private static List<String> strings(Session s, String sql, String a) {
    return s.createNativeQuery(sql, String.class).setParameter("a", a).list();
  }

  private static boolean foreignKeyViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLException sql && "23503".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
