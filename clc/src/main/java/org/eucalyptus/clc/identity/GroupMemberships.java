package org.eucalyptus.clc.identity;

import jakarta.persistence.LockModeType;
import java.util.List;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;
import org.hibernate.Session;

/**
 * Which users are in which groups of one account. Changes lock the group's row, then the user's (in
 * that order, as group and user deletions each lock theirs), so a member is never added to a group
 * or a user that is going.
 */
public final class GroupMemberships {
  /** As AWS: a user is in at most ten groups. */
  public static final int MAX_GROUPS_PER_USER = 10;

  private final Database db;

  public GroupMemberships(IdentityStore identity) {
    this.db = identity.db();
  }

  /** Adds the user to the group; adding a member again changes nothing (as IAM). */
  public void add(String account, String groupName, String userName) throws DomainException {
    db.run(s -> {
      Group g = GroupDirectory.lockedGroup(s, account, groupName);
      User u = lockedUser(s, account, userName);
      if (s.find(GroupMember.class, new GroupMember.Key(g.groupId(), u.userId())) != null) {
        return;
      }
      long n = s.createQuery("select count(*) from GroupMember m where m.key.userId = :u", Long.class)
          .setParameter("u", u.userId()).uniqueResult();
      if (n >= MAX_GROUPS_PER_USER) {
        throw new LimitExceededException(ResourceKind.GROUP,
            "Cannot exceed quota for GroupsPerUser: " + MAX_GROUPS_PER_USER);
      }
      s.persist(new GroupMember(g.groupId(), u.userId()));
    });
  }

  /** Removes the user from the group (NotFound when it is not a member). */
  public void remove(String account, String groupName, String userName) throws DomainException {
    db.run(s -> {
      Group g = GroupDirectory.lockedGroup(s, account, groupName);
      User u = lockedUser(s, account, userName);
      GroupMember m = s.find(GroupMember.class, new GroupMember.Key(g.groupId(), u.userId()));
      if (m == null) {
        throw new NotFoundException(ResourceKind.USER, "The user with name " + userName
            + " is not a member of group " + groupName + ".");
      }
      s.remove(m);
    });
  }

  /** The group's members, by name (NotFound for no such group). */
  public List<User> members(String account, String groupName) throws NotFoundException {
    return db.inTransaction(s -> {
      Group g = GroupDirectory.find(s, account, groupName);
      if (g == null) {
        throw GroupDirectory.noSuchGroup(groupName);
      }
      return s.createQuery("select u from User u, GroupMember m where m.key.userId = u.userId"
          + " and m.key.groupId = :g order by u.name", User.class).setParameter("g", g.groupId()).list();
    });
  }

  /** The groups the user is in, by name (NotFound for no such user). */
  public List<Group> groupsOf(String account, String userName) throws NotFoundException {
    return db.inTransaction(s -> {
      User u = IamDirectory.find(s, account, userName);
      if (u == null) {
        throw IamDirectory.noSuchUser(userName);
      }
      return s.createQuery("select g from Group g, GroupMember m where m.key.groupId = g.groupId"
          + " and m.key.userId = :u order by g.name", Group.class).setParameter("u", u.userId()).list();
    });
  }

  private static User lockedUser(Session s, String account, String name) throws NotFoundException {
    User u = IamDirectory.find(s, account, name);
    if (u == null) {
      throw IamDirectory.noSuchUser(name);
    }
    return s.find(User.class, u.userId(), LockModeType.PESSIMISTIC_WRITE);
  }
}
