package org.eucalyptus.clc.identity;

import java.util.List;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.InvalidException;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.common.policy.MalformedPolicyException;
import org.eucalyptus.common.policy.PolicyParser;
import org.eucalyptus.common.util.Ids;
import org.hibernate.Session;

/**
 * The named inline policies of users, groups and accounts (IAM's Put/Get/List/Delete*Policy and
 * Eucalyptus's account policies). Who may change which is the API's business; here a policy is
 * stored only if it parses, and an owner is looked up in the same transaction that changes its
 * policies, so none is left to an owner that is gone.
 */
public final class PolicyDirectory {
  /** Whose policies: a user or group by name in an account, or an account (named by its number). */
  public record Owner(IamPolicy.OwnerKind kind, String accountNumber, String name) {
    public static Owner user(String accountNumber, String userName) {
      return new Owner(IamPolicy.OwnerKind.USER, accountNumber, userName);
    }

    public static Owner group(String accountNumber, String groupName) {
      return new Owner(IamPolicy.OwnerKind.GROUP, accountNumber, groupName);
    }

    public static Owner account(String accountNumber) {
      return new Owner(IamPolicy.OwnerKind.ACCOUNT, accountNumber, accountNumber);
    }
  }

  private static final String POLICY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private final IdentityStore identity;
  private final Database db;

  public PolicyDirectory(IdentityStore identity) {
    this.identity = identity;
    this.db = identity.db();
  }

  /**
   * Stores {@code document} as the owner's policy {@code policyName}, replacing one of that name.
   * Refuses a bad name (Invalid), a document over {@link IamPolicy#MAX_DOCUMENT} (LimitExceeded), one
   * that does not parse or misuses quota keys ({@link MalformedPolicyException}, saying where).
   */
  public void put(Owner owner, String policyName, String document)
      throws DomainException, MalformedPolicyException {
    checkName(policyName);
    if (document == null || document.isEmpty()) {
      throw new MalformedPolicyException("The policy document is empty.");
    }
    if (document.length() > IamPolicy.MAX_DOCUMENT) {
      throw new LimitExceededException(ResourceKind.POLICY, "Maximum policy size of " + IamPolicy.MAX_DOCUMENT
          + " characters exceeded (this document has " + document.length() + ").");
    }
    PolicyParser.parse(document); // refuses, saying where, what IAM would and misused quota keys
    // Two puts of a new name at once: the loser's insert hits the unique name and, run again, replaces.
    db.insertWithFreshIds(3, s -> {
      String ownerId = ownerId(s, owner);
      IamPolicy existing = find(s, owner.kind(), ownerId, policyName);
      if (existing != null) {
        existing.replaceDocument(document);
      } else {
        s.persist(new IamPolicy("ANPA" + Ids.random(POLICY_ID_ALPHABET, 17), owner.kind(), ownerId, policyName,
            document, identity.clock().instant()));
      }
      return null;
    });
  }

  /** The owner's policy of that name (NotFound for no such owner or policy). */
  public IamPolicy get(Owner owner, String policyName) throws NotFoundException {
    return db.inTransaction(s -> {
      IamPolicy p = find(s, owner.kind(), ownerId(s, owner), policyName);
      if (p == null) {
        throw noSuchPolicy(owner, policyName);
      }
      return p;
    });
  }

  /** The names of the owner's policies, in order. */
  public List<String> names(Owner owner) throws NotFoundException {
    return db.inTransaction(s -> s.createQuery(
            "select name from IamPolicy where ownerKind = :k and ownerId = :o", String.class)
        .setParameter("k", owner.kind()).setParameter("o", ownerId(s, owner)).list())
        .stream().sorted().toList(); // sorted here: the databases' collations differ
  }

  public void delete(Owner owner, String policyName) throws NotFoundException {
    db.run(s -> {
      IamPolicy p = find(s, owner.kind(), ownerId(s, owner), policyName);
      if (p == null) {
        throw noSuchPolicy(owner, policyName);
      }
      s.remove(p);
    });
  }

  /** IAM's policy names: 1 to 128 letters, digits and {@code +=,.@_-}. */
  static void checkName(String policyName) throws InvalidException {
    if (policyName == null || !policyName.matches("[\\w+=,.@-]{1,128}")) {
      throw new InvalidException(ResourceKind.POLICY,
          "Policy names are 1 to 128 letters, digits or +=,.@_- characters.");
    }
  }

  private static String ownerId(Session s, Owner owner) throws NotFoundException {
    return switch (owner.kind()) {
      case USER -> {
        User u = s.createQuery("from User where accountNumber = :a and name = :n", User.class)
            .setParameter("a", owner.accountNumber()).setParameter("n", owner.name()).uniqueResult();
        if (u == null) {
          throw IamDirectory.noSuchUser(owner.name());
        }
        yield u.userId();
      }
      case GROUP -> {
        Group g = s.createQuery("from Group where accountNumber = :a and name = :n", Group.class)
            .setParameter("a", owner.accountNumber()).setParameter("n", owner.name()).uniqueResult();
        if (g == null) {
          throw new NotFoundException(ResourceKind.GROUP, "The group with name " + owner.name() + " cannot be found.");
        }
        yield g.groupId();
      }
      case ACCOUNT -> {
        if (s.find(Account.class, owner.accountNumber()) == null) {
          throw new NotFoundException(ResourceKind.ACCOUNT, "The account " + owner.accountNumber() + " cannot be found.");
        }
        yield owner.accountNumber();
      }
    };
  }

  private static IamPolicy find(Session s, IamPolicy.OwnerKind kind, String ownerId, String name) {
    return s.createQuery("from IamPolicy where ownerKind = :k and ownerId = :o and name = :n", IamPolicy.class)
        .setParameter("k", kind).setParameter("o", ownerId).setParameter("n", name).uniqueResult();
  }

  private static NotFoundException noSuchPolicy(Owner owner, String policyName) {
    String whose = switch (owner.kind()) {
      case USER -> "user " + owner.name();
      case GROUP -> "group " + owner.name();
      case ACCOUNT -> "account " + owner.accountNumber();
    };
    return new NotFoundException(ResourceKind.POLICY, "The " + whose + " has no policy named " + policyName + ".");
  }
}
