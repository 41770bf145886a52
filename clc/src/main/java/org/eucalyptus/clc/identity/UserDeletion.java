package org.eucalyptus.clc.identity;

import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.clc.errors.ConflictException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.NotPermittedException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;
import org.hibernate.Session;

/**
 * Deletes a user as IAM does: refused (DeleteConflict, naming what is left) while the user has access
 * keys, signing certificates, policies, group memberships or a login profile. With {@code recursive}
 * (Eucalyptus's {@code IsRecursive}, what {@code euare-userdel -R} sends) all of them go first, in the
 * same transaction. An account's admin user stays as long as its account.
 */
final class UserDeletion {
  private final IdentityStore identity;
  private final Database db;

  UserDeletion(IdentityStore identity) {
    this.identity = identity;
    this.db = identity.db();
  }

  void delete(String account, String name, boolean recursive) throws DomainException {
    if (name.equals(User.ADMIN)) {
      throw new NotPermittedException(ResourceKind.USER, "An account's admin user cannot be deleted.");
    }
    List<String> forgotten = db.inTransaction(s -> {
      User found = IamDirectory.find(s, account, name);
      if (found == null) {
        throw IamDirectory.noSuchUser(name);
      }
      // Locked, so that no membership or key is added while the user goes.
      User u = s.find(User.class, found.userId(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
      List<String> keys = s.createQuery("select accessKeyId from AccessKey where userId = :u", String.class)
          .setParameter("u", u.userId()).list();
      if (!recursive) {
        String held = holdings(s, u.userId(), keys.size());
        if (held != null) {
          throw new ConflictException(ResourceKind.USER, "Cannot delete entity, must remove " + held
              + " first (or delete the user with IsRecursive=true).");
        }
      }
      for (String hql : List.of(
          "delete from AccessKey where userId = :u",
          "delete from SigningCertificate where userId = :u",
          "delete from GroupMember m where m.key.userId = :u",
          "delete from LoginProfile where userId = :u")) {
        s.createMutationQuery(hql).setParameter("u", u.userId()).executeUpdate();
      }
      s.createMutationQuery("delete from IamPolicy where ownerKind = :k and ownerId = :u")
          .setParameter("k", IamPolicy.OwnerKind.USER).setParameter("u", u.userId()).executeUpdate();
      s.remove(u);
      return keys;
    });
    forgotten.forEach(identity::forget);
  }

  /** What the user still has, in words; null when nothing. */
  private static String holdings(Session s, String userId, int keys) {
    List<String> held = new ArrayList<>();
    if (keys > 0) {
      held.add(keys + " access key(s)");
    }
    add(held, "signing certificate(s)", count(s, "select count(*) from SigningCertificate where userId = :u", userId));
    add(held, "policy(ies)", s.createQuery("select count(*) from IamPolicy where ownerKind = :k and ownerId = :u",
        Long.class).setParameter("k", IamPolicy.OwnerKind.USER).setParameter("u", userId).uniqueResult());
    add(held, "group membership(s)", count(s, "select count(*) from GroupMember m where m.key.userId = :u", userId));
    add(held, "login profile", count(s, "select count(*) from LoginProfile where userId = :u", userId));
    return held.isEmpty() ? null : String.join(", ", held);
  }

  private static long count(Session s, String hql, String userId) {
    return s.createQuery(hql, Long.class).setParameter("u", userId).uniqueResult();
  }

  private static void add(List<String> held, String what, long n) {
    if (n > 0) {
      held.add(what.equals("login profile") ? what : n + " " + what);
    }
  }
}
