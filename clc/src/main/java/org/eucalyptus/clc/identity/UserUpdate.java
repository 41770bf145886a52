package org.eucalyptus.clc.identity;

import jakarta.persistence.LockModeType;
import java.util.List;
import org.eucalyptus.clc.errors.AlreadyExistsException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.InvalidException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;

/**
 * IAM's UpdateUser: a new name or path for a user. Keys, certificates, policies and group
 * memberships refer to the user by its id, so they follow the renamed user; the cached owners of its
 * keys are forgotten so that its next request carries the new name. An account's {@code admin} keeps
 * its name (Eucalyptus finds the account's administrator by it).
 */
public final class UserUpdate {
  private final IdentityStore identity;
  private final Database db;

  public UserUpdate(IdentityStore identity) {
    this.identity = identity;
    this.db = identity.db();
  }

  /** Renames and/or moves the user ({@code newName}, {@code newPath} null: unchanged). */
  public User update(String account, String name, String newName, String newPath) throws DomainException {
    if (newName != null) {
      IamNames.checkUserName(newName);
      if (name.equals(User.ADMIN) && !newName.equals(name)) {
        throw new InvalidException(ResourceKind.USER, "An account's admin user cannot be renamed.");
      }
    }
    String p = newPath == null ? null : IamNames.path(newPath, ResourceKind.USER);
    record Updated(User user, List<String> keys) {}
    Updated done;
    try {
      done = db.inTransaction(s -> {
        User found = IamDirectory.find(s, account, name);
        if (found == null) {
          throw IamDirectory.noSuchUser(name);
        }
        User u = s.find(User.class, found.userId(), LockModeType.PESSIMISTIC_WRITE);
        if (newName != null && !newName.equals(name) && IamDirectory.find(s, account, newName) != null) {
          throw alreadyExists(newName);
        }
        u.rename(newName == null ? u.name() : newName, p == null ? u.path() : p);
        s.flush();
        return new Updated(u, s.createQuery("select accessKeyId from AccessKey where userId = :u", String.class)
            .setParameter("u", u.userId()).list());
      });
    } catch (RuntimeException e) {
      if (Database.isUniqueViolation(e)) {
        throw alreadyExists(newName); // taken by a parallel request
      }
      throw e;
    }
    done.keys().forEach(identity::forget);
    return done.user();
  }

  private static AlreadyExistsException alreadyExists(String name) {
    return new AlreadyExistsException(ResourceKind.USER, "User with name " + name + " already exists.");
  }
}
