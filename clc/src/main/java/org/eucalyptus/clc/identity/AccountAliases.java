package org.eucalyptus.clc.identity;

import java.util.List;
import org.eucalyptus.clc.errors.AlreadyExistsException;
import org.eucalyptus.clc.errors.InvalidException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;

/**
 * Accounts' aliases, as IAM keeps them: at most one per account (a new one replaces the old, as in
 * AWS), each unique in the cloud; 3 to 63 lower-case letters, digits and single hyphens, neither
 * starting nor ending with a hyphen, and not all digits (that would read as an account number).
 */
public final class AccountAliases {
  private static final String ALIAS = "[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]";

  private final Database db;

  public AccountAliases(IdentityStore identity) {
    this.db = identity.db();
  }

  /** Gives the account {@code alias}, replacing the one it had (EntityAlreadyExists if another account holds it). */
  public void create(String account, String alias) throws InvalidException, AlreadyExistsException {
    check(alias);
    db.insertWithFreshIds(3, s -> {
      AccountAlias held = s.find(AccountAlias.class, alias);
      if (held != null) {
        if (held.accountNumber().equals(account)) {
          return null;
        }
        throw new AlreadyExistsException(ResourceKind.ACCOUNT_ALIAS, "The account alias " + alias
            + " already exists.");
      }
      s.createMutationQuery("delete from AccountAlias where accountNumber = :a").setParameter("a", account)
          .executeUpdate();
      s.persist(new AccountAlias(alias, account));
      return null;
    });
  }

  public void delete(String account, String alias) throws NotFoundException {
    db.run(s -> {
      AccountAlias held = s.find(AccountAlias.class, alias);
      if (held == null || !held.accountNumber().equals(account)) {
        throw new NotFoundException(ResourceKind.ACCOUNT_ALIAS, "The account alias " + alias + " cannot be found.");
      }
      s.remove(held);
    });
  }

  /** The account's aliases: none or one. */
  public List<String> of(String account) {
    return db.inTransaction(s -> s.createQuery("select alias from AccountAlias where accountNumber = :a",
        String.class).setParameter("a", account).list());
  }

  static void check(String alias) throws InvalidException {
    if (alias == null || !alias.matches(ALIAS) || alias.matches("\\d+")) {
      throw new InvalidException(ResourceKind.ACCOUNT_ALIAS, "An account alias is 3 to 63 lower-case letters, digits"
          + " and single hyphens, neither starting nor ending with a hyphen, and not all digits.");
    }
  }
}
