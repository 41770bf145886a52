package org.eucalyptus.clc.identity;

import org.eucalyptus.clc.errors.AlreadyExistsException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;
import org.hibernate.Session;

/**
 * Users' console passwords (IAM login profiles), kept only as {@link PasswordHashes}. Hashing is slow
 * on purpose, so it happens outside the transactions that store the result.
 */
public final class LoginProfiles {
  public static final int MIN_PASSWORD = 6;
  public static final int MAX_PASSWORD = 128;

  private final IdentityStore identity;
  private final Database db;
  private final PasswordHashes hashes;
  /**
   * Verified against when there is no profile, so a wrong user name costs as long as a wrong password;
   * made at the first such sign-in, not at start (a slow hash each time a CLC starts).
   */
  private volatile String decoy;

  public LoginProfiles(IdentityStore identity, PasswordHashes hashes) {
    this.identity = identity;
    this.db = identity.db();
    this.hashes = hashes;
  }

  private String decoy() {
    String d = decoy;
    if (d == null) {
      d = hashes.hash("not a password anyone has");
      decoy = d;
    }
    return d;
  }

  /** A login profile for a user without one (NotFound for no such user; AlreadyExists for a second). */
  public LoginProfile create(String account, String userName, String password)
      throws DomainException, PasswordPolicyException {
    checkPassword(password);
    String hash = hashes.hash(password);
    // Two creates at once: the loser's insert hits the primary key, and its second run sees the row.
    return db.insertWithFreshIds(2, s -> {
      User u = user(s, account, userName);
      if (s.find(LoginProfile.class, u.userId()) != null) {
        throw new AlreadyExistsException(ResourceKind.LOGIN_PROFILE,
            "Login Profile for user " + userName + " already exists.");
      }
      LoginProfile p = new LoginProfile(u.userId(), hash, identity.clock().instant());
      s.persist(p);
      return p;
    });
  }

  public LoginProfile get(String account, String userName) throws NotFoundException {
    return db.inTransaction(s -> profile(s, user(s, account, userName), userName));
  }

  /** A new password for a user with a profile. */
  public void update(String account, String userName, String password) throws NotFoundException, PasswordPolicyException {
    checkPassword(password);
    String hash = hashes.hash(password);
    db.run(s -> profile(s, user(s, account, userName), userName).replaceHash(hash));
  }

  public void delete(String account, String userName) throws NotFoundException {
    db.run(s -> s.remove(profile(s, user(s, account, userName), userName)));
  }

  /**
   * Whether {@code password} is the console password of the user {@code userName} of the account
   * numbered {@code account}: false for a wrong password, an unknown user or a user without a profile.
   */
  public boolean verify(String account, String userName, String password) {
    String stored = db.inTransaction(s -> {
      User u = s.createQuery("from User where accountNumber = :a and name = :n", User.class)
          .setParameter("a", account).setParameter("n", userName).uniqueResult();
      LoginProfile p = u == null ? null : s.find(LoginProfile.class, u.userId());
      return p == null ? null : p.passwordHash();
    });
    if (stored == null || password == null) {
      hashes.verify(password == null ? "" : password, decoy());
      return false;
    }
    return hashes.verify(password, stored);
  }

  /** IAM's basic rules: 6 to 128 characters, none of them control characters. */
  public static void checkPassword(String password) throws PasswordPolicyException {
    if (password == null) {
      throw new PasswordPolicyException("A password is required.");
    }
    int n = password.codePointCount(0, password.length());
    if (n < MIN_PASSWORD || n > MAX_PASSWORD) {
      throw new PasswordPolicyException("Password should have between " + MIN_PASSWORD + " and " + MAX_PASSWORD
          + " characters.");
    }
    if (password.codePoints().anyMatch(c -> Character.isISOControl(c) || !Character.isDefined(c))) {
      throw new PasswordPolicyException("Password should have only printable characters.");
    }
  }

  private static User user(Session s, String account, String userName) throws NotFoundException {
    User u = s.createQuery("from User where accountNumber = :a and name = :n", User.class)
        .setParameter("a", account).setParameter("n", userName).uniqueResult();
    if (u == null) {
      throw IamDirectory.noSuchUser(userName);
    }
    return u;
  }

  private static LoginProfile profile(Session s, User u, String userName) throws NotFoundException {
    LoginProfile p = s.find(LoginProfile.class, u.userId());
    if (p == null) {
      throw new NotFoundException(ResourceKind.LOGIN_PROFILE, "Cannot find Login Profile for User " + userName);
    }
    return p;
  }
}
