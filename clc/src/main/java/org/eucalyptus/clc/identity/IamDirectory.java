package org.eucalyptus.clc.identity;

import java.time.Instant;
import java.util.List;
import org.eucalyptus.clc.errors.AlreadyExistsException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.InvalidException;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.clc.quotas.Holdings;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.quotas.QuotaGuard;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.common.util.Ids;
import org.hibernate.Session;

/** Users, access keys and signing certificates within one account: the work behind the IAM API. */
public final class IamDirectory {
  /** As AWS: at most two access keys per user. */
  public static final int MAX_ACCESS_KEYS = 2;

  /** A new signing certificate with its private key, which is returned once and not kept. */
  public record NewCertificate(SigningCertificate certificate, String privateKeyPem) {}

  private final IdentityStore identity;
  private final Database db;
  private final CloudCa ca;
  private final UserDeletion deletion;

  public IamDirectory(IdentityStore identity, CloudCa ca) {
    this.identity = identity;
    this.db = identity.db();
    this.ca = ca;
    this.deletion = new UserDeletion(identity);
  }

  public Account account(String accountNumber) {
    return db.inTransaction(s -> s.find(Account.class, accountNumber));
  }

  /** Creates a user with no quota to hold it to (the cloud's own work; requests go through the claim's form). */
  public User createUser(String account, String name, String path) throws InvalidException, AlreadyExistsException {
    try {
      return createUser(QuotaClaim.unlimited(Quotas.USER_NUMBER, account, null), name, path);
    } catch (InvalidException | AlreadyExistsException e) {
      throw e;
    } catch (DomainException e) {
      throw new IllegalStateException("an unlimited claim was refused", e);
    }
  }

  /**
   * Creates a user in the claim's account, within its user quota (iam:quota-usernumber, counted
   * per account, its admin included, as in 3.1: a user owns no users), counted and inserted in one
   * transaction under the account's lock ({@link QuotaGuard}).
   */
  public User createUser(QuotaClaim claim, String name, String path) throws DomainException {
    String account = claim.accountNumber();
    IamNames.checkUserName(name);
    String p = IamNames.path(path, ResourceKind.USER);
    return db.<User, DomainException>inTransaction(s -> {
      if (find(s, account, name) != null) {
        throw new AlreadyExistsException(ResourceKind.USER, "User with name " + name + " already exists.");
      }
      QuotaGuard.admitOne(s, claim.accountOnly(), Holdings.USERS, ResourceKind.USER, "users");
      User u = new User(identity.newUserId(), account, name, identity.clock().instant());
      u.setPath(p);
      s.persist(u);
      return u;
    });
  }

  public User user(String account, String name) throws NotFoundException {
    User u = db.inTransaction(s -> find(s, account, name));
    if (u == null) {
      throw noSuchUser(name);
    }
    return u;
  }

  /** The account's users whose path starts with {@code pathPrefix} (null: all), by name. */
  public List<User> users(String account, String pathPrefix) throws InvalidException {
    String prefix = IamNames.pathPrefix(pathPrefix, ResourceKind.USER);
    return db.inTransaction(s -> s.createQuery("from User where accountNumber = :a order by name", User.class)
        .setParameter("a", account).list().stream().filter(u -> u.path().startsWith(prefix)).toList());
  }

  /** Deletes a user as {@link UserDeletion} does. */
  public void deleteUser(String account, String name, boolean recursive) throws DomainException {
    deletion.delete(account, name, recursive);
  }

  /** Deletes one of the user's signing certificates; messages signed with it are refused from then on. */
  public void deleteSigningCertificate(String account, String userName, String certificateId) throws NotFoundException {
    User u = user(account, userName);
    db.run(s -> {
      SigningCertificate c = s.find(SigningCertificate.class, certificateId);
      if (c == null || !c.userId().equals(u.userId())) {
        throw new NotFoundException(ResourceKind.SIGNING_CERTIFICATE,
            "The Certificate with id " + certificateId + " cannot be found.");
      }
      s.remove(c);
    });
  }

  /** A new access key for the user (NotFound; LimitExceeded past {@link #MAX_ACCESS_KEYS}). */
  public AccessKeyOwner createAccessKey(String account, String userName) throws DomainException {
    String id = IdentityStore.newAccessKeyId();
    String secret = IdentityStore.newSecret();
    db.run(s -> {
      User u = find(s, account, userName);
      if (u == null) {
        throw noSuchUser(userName);
      }
      long n = s.createQuery("select count(*) from AccessKey where userId = :u", Long.class)
          .setParameter("u", u.userId()).uniqueResult();
      if (n >= MAX_ACCESS_KEYS) {
        throw new LimitExceededException(ResourceKind.ACCESS_KEY,
            "Cannot exceed quota for AccessKeysPerUser: " + MAX_ACCESS_KEYS);
      }
      s.persist(new AccessKey(id, secret, u.userId(), true, identity.clock().instant()));
    });
    return identity.resolve(id).orElseThrow();
  }

  public List<AccessKey> accessKeys(String account, String userName) throws NotFoundException {
    User u = user(account, userName);
    return db.inTransaction(s -> s.createQuery("from AccessKey where userId = :u order by created", AccessKey.class)
        .setParameter("u", u.userId()).list());
  }

  public void updateAccessKey(String account, String userName, String keyId, boolean active) throws NotFoundException {
    User u = user(account, userName);
    db.run(s -> {
      AccessKey k = s.find(AccessKey.class, keyId);
      if (k == null || !k.userId().equals(u.userId())) {
        throw new NotFoundException(ResourceKind.ACCESS_KEY, "The Access Key with id " + keyId + " cannot be found.");
      }
      k.setActive(active);
    });
    identity.forget(keyId);
  }

  public void deleteAccessKey(String account, String userName, String keyId) throws NotFoundException {
    User u = user(account, userName);
    db.run(s -> {
      AccessKey k = s.find(AccessKey.class, keyId);
      if (k == null || !k.userId().equals(u.userId())) {
        throw new NotFoundException(ResourceKind.ACCESS_KEY, "The Access Key with id " + keyId + " cannot be found.");
      }
      s.remove(k);
    });
    identity.forget(keyId);
  }

  public NewCertificate createSigningCertificate(String account, String userName) throws NotFoundException {
    User u = user(account, userName);
    CloudCa.Issued issued = ca.issue(account, userName);
    SigningCertificate c = new SigningCertificate(
        Ids.random("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32), u.userId(), issued.certificatePem(), Instant.now());
    db.run(s -> s.persist(c));
    return new NewCertificate(c, issued.privateKeyPem());
  }

  public List<SigningCertificate> signingCertificates(String account, String userName) throws NotFoundException {
    User u = user(account, userName);
    return db.inTransaction(s -> s.createQuery("from SigningCertificate where userId = :u order by created",
        SigningCertificate.class).setParameter("u", u.userId()).list());
  }

  static User find(Session s, String account, String name) {
    return s.createQuery("from User where accountNumber = :a and name = :n", User.class)
        .setParameter("a", account).setParameter("n", name).uniqueResult();
  }

  static NotFoundException noSuchUser(String name) {
    return new NotFoundException(ResourceKind.USER, "The user with name " + name + " cannot be found.");
  }
}
