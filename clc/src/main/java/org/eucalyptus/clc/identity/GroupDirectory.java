package org.eucalyptus.clc.identity;

import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.quotas.Holdings;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.quotas.QuotaGuard;

import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.clc.errors.AlreadyExistsException;
import org.eucalyptus.clc.errors.ConflictException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.InvalidException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.common.util.Ids;
import org.hibernate.Session;

/**
 * An account's IAM groups: made, found, listed by path, renamed and deleted. Members and policies
 * refer to a group by its id, so a renamed group keeps them. Who is in a group is
 * {@link GroupMemberships}' affair.
 */
public final class GroupDirectory {
  private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private final IdentityStore identity;
  private final Database db;

  public GroupDirectory(IdentityStore identity) {
    this.identity = identity;
    this.db = identity.db();
  }

  /**
   * Creates a group in the claim's account, within its group quota (iam:quota-groupnumber, counted
   * per account as 3.1 did), counted and inserted in one transaction under the account's lock.
   */
  public Group create(QuotaClaim claim, String name, String path) throws DomainException {
    String account = claim.accountNumber();
    IamNames.checkGroupName(name);
    String p = IamNames.path(path, ResourceKind.GROUP);
    // A name taken meanwhile by a parallel request is seen on the next attempt, as EntityAlreadyExists.
    return db.<Group, DomainException>insertWithFreshIds(3, s -> {
      if (find(s, account, name) != null) {
        throw alreadyExists(name);
      }
      QuotaGuard.admitOne(s, claim.accountOnly(), Holdings.GROUPS, ResourceKind.GROUP, "groups");
      Group g = new Group("AGP" + Ids.random(ID_ALPHABET, 18), account, name, p, identity.clock().instant());
      s.persist(g);
      return g;
    });
  }

  public Group group(String account, String name) throws NotFoundException {
    Group g = db.inTransaction(s -> find(s, account, name));
    if (g == null) {
      throw noSuchGroup(name);
    }
    return g;
  }

  /** The account's groups whose path starts with {@code pathPrefix} (null: all), by name. */
  public List<Group> groups(String account, String pathPrefix) throws InvalidException {
    String prefix = IamNames.pathPrefix(pathPrefix, ResourceKind.GROUP);
    return db.inTransaction(s -> s.createQuery("from Group where accountNumber = :a order by name", Group.class)
        .setParameter("a", account).list().stream().filter(g -> g.path().startsWith(prefix)).toList());
  }

  /** Gives a group a new name or path (either may be null: unchanged). */
  public Group update(String account, String name, String newName, String newPath) throws DomainException {
    if (newName != null) {
      IamNames.checkGroupName(newName);
    }
    String p = newPath == null ? null : IamNames.path(newPath, ResourceKind.GROUP);
    try {
      return db.inTransaction(s -> {
        Group g = lockedGroup(s, account, name);
        String n = newName == null ? g.name() : newName;
        if (!n.equals(g.name()) && find(s, account, n) != null) {
          throw alreadyExists(n);
        }
        g.rename(n, p == null ? g.path() : p);
        s.flush();
        return g;
      });
    } catch (RuntimeException e) {
      if (Database.isUniqueViolation(e)) {
        throw alreadyExists(newName); // taken by a parallel request
      }
      throw e;
    }
  }

  /**
   * Deletes a group: refused (DeleteConflict) while it has members or policies, unless
   * {@code recursive} (Eucalyptus's IsRecursive), which removes them first in the same transaction.
   */
  public void delete(String account, String name, boolean recursive) throws DomainException {
    db.run(s -> {
      Group g = lockedGroup(s, account, name);
      if (!recursive) {
        List<String> held = new ArrayList<>();
        long members = s.createQuery("select count(*) from GroupMember m where m.key.groupId = :g", Long.class)
            .setParameter("g", g.groupId()).uniqueResult();
        long policies = policies(s, g).uniqueResult();
        if (members > 0) {
          held.add(members + " member(s)");
        }
        if (policies > 0) {
          held.add(policies + " policy(ies)");
        }
        if (!held.isEmpty()) {
          throw new ConflictException(ResourceKind.GROUP, "Cannot delete entity, must remove " + String.join(", ", held)
              + " from group " + name + " first (or delete the group with IsRecursive=true).");
        }
      }
      s.createMutationQuery("delete from GroupMember m where m.key.groupId = :g").setParameter("g", g.groupId())
          .executeUpdate();
      s.createMutationQuery("delete from IamPolicy where ownerKind = :k and ownerId = :g")
          .setParameter("k", IamPolicy.OwnerKind.GROUP).setParameter("g", g.groupId()).executeUpdate();
      s.remove(g);
    });
  }

  private static org.hibernate.query.Query<Long> policies(Session s, Group g) {
    return s.createQuery("select count(*) from IamPolicy where ownerKind = :k and ownerId = :g", Long.class)
        .setParameter("k", IamPolicy.OwnerKind.GROUP).setParameter("g", g.groupId());
  }

  /** The group, its row locked against parallel changes of its members (NotFound). */
  static Group lockedGroup(Session s, String account, String name) throws NotFoundException {
    Group g = find(s, account, name);
    if (g == null) {
      throw noSuchGroup(name);
    }
    return s.find(Group.class, g.groupId(), LockModeType.PESSIMISTIC_WRITE);
  }

  static Group find(Session s, String account, String name) {
    return s.createQuery("from Group where accountNumber = :a and name = :n", Group.class)
        .setParameter("a", account).setParameter("n", name).uniqueResult();
  }

  static NotFoundException noSuchGroup(String name) {
    return new NotFoundException(ResourceKind.GROUP, "The group with name " + name + " cannot be found.");
  }

  private static AlreadyExistsException alreadyExists(String name) {
    return new AlreadyExistsException(ResourceKind.GROUP, "Group with name " + name + " already exists.");
  }
}
