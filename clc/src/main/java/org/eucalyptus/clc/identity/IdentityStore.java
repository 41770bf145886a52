package org.eucalyptus.clc.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.clc.errors.AlreadyExistsException;
import org.eucalyptus.clc.errors.InvalidException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.CachingKeyResolver;
import org.eucalyptus.common.auth.SecretKeyResolver;
import org.eucalyptus.common.util.Ids;

/**
 * Accounts, users and access keys. Also the {@link SecretKeyResolver} every signed request goes
 * through, with a short-lived cache so that a busy API does not read the key table per request.
 */
public final class IdentityStore implements SecretKeyResolver, org.eucalyptus.common.pki.AccountCertificates {
  private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String SECRET_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final Duration CACHE_TTL = Duration.ofSeconds(5);

  private final Database db;
  private final Clock clock;
  private final CachingKeyResolver cache;
  private final SecureRandom random = new SecureRandom();

  public IdentityStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.cache = new CachingKeyResolver(this::lookup, clock, CACHE_TTL);
  }

  @Override
  public Optional<AccessKeyOwner> resolve(String accessKeyId) {
    return cache.resolve(accessKeyId);
  }

  private Optional<AccessKeyOwner> lookup(String accessKeyId) {
    return db.inTransaction(s -> {
      AccessKey key = s.find(AccessKey.class, accessKeyId);
      if (key == null || !key.active()) {
        return Optional.empty();
      }
      User user = s.find(User.class, key.userId());
      Account account = s.find(Account.class, user.accountNumber());
      boolean admin = account.name().equals(Account.SYSTEM_ACCOUNT) && user.name().equals(User.ADMIN);
      return Optional.of(new AccessKeyOwner(key.accessKeyId(), key.secretKey(), account.accountNumber(),
          account.name(), user.userId(), user.name(), admin));
    });
  }

  /** The account's users' active signing certificates; unreadable ones are skipped. */
  @Override
  public List<java.security.cert.X509Certificate> forAccount(String accountNumber) {
    List<String> pems = db.inTransaction(s -> s.createQuery("select c.certificate from SigningCertificate c, User u"
        + " where c.userId = u.userId and u.accountNumber = :a and c.active = true", String.class)
        .setParameter("a", accountNumber).list());
    List<java.security.cert.X509Certificate> out = new java.util.ArrayList<>();
    for (String pem : pems) {
      try {
        out.add(org.eucalyptus.common.pki.Pem.certificate(pem));
      } catch (java.security.GeneralSecurityException e) {
        // a certificate that cannot be read verifies nothing
      }
    }
    return out;
  }

  /**
   * The user whose active signing certificate {@code cert} is (what a WS-Security signature is
   * made with), as a caller; empty for a certificate no user holds.
   */
  public Optional<org.eucalyptus.common.auth.Caller> callerForCertificate(java.security.cert.X509Certificate cert) {
    return db.inTransaction(s -> {
      List<Object[]> rows = s.createQuery("select c.certificate, u.userId from SigningCertificate c, User u"
          + " where c.userId = u.userId and c.active = true", Object[].class).list();
      for (Object[] row : rows) {
        try {
          if (!org.eucalyptus.common.pki.Pem.certificate((String) row[0]).equals(cert)) {
            continue;
          }
        } catch (java.security.GeneralSecurityException e) {
          continue;
        }
        User user = s.find(User.class, (String) row[1]);
        Account account = s.find(Account.class, user.accountNumber());
        boolean admin = account.name().equals(Account.SYSTEM_ACCOUNT) && user.name().equals(User.ADMIN);
        // One of the user's active access keys: what actions that act for the user elsewhere (reading
        // a manifest from Walrus) sign with. None: those actions say so.
        String keyId = s.createQuery("select k.accessKeyId from AccessKey k where k.userId = :u and k.active = true"
            + " order by k.accessKeyId", String.class).setParameter("u", user.userId()).setMaxResults(1)
            .uniqueResultOptional().orElse(null);
        return Optional.of(new org.eucalyptus.common.auth.Caller(account.accountNumber(), account.name(),
            user.userId(), user.name(), keyId, admin));
      }
      return Optional.<org.eucalyptus.common.auth.Caller>empty();
    });
  }

  /**
   * The account a person names when signing in to the console: by its 12-digit number, its name, or
   * an alias of it; empty when none is.
   */
  public Optional<Account> accountSignedInto(String nameOrNumber) {
    if (nameOrNumber == null || nameOrNumber.isBlank()) {
      return Optional.empty();
    }
    String n = nameOrNumber.strip();
    return db.inTransaction(s -> {
      if (n.matches("\\d{12}")) {
        return Optional.ofNullable(s.find(Account.class, n));
      }
      Optional<Account> named = accountNamed(s, n);
      if (named.isPresent()) {
        return named;
      }
      AccountAlias alias = s.find(AccountAlias.class, n);
      return alias == null ? Optional.<Account>empty() : Optional.ofNullable(s.find(Account.class, alias.accountNumber()));
    });
  }

  /**
   * The user {@code userName} of the account numbered {@code accountNumber} as a caller, as a request
   * signed with one of their keys would be (the key named is one of theirs that is active, for what
   * acts for them elsewhere); empty for no such user.
   */
  public Optional<org.eucalyptus.common.auth.Caller> callerForUser(String accountNumber, String userName) {
    return db.inTransaction(s -> {
      Account account = s.find(Account.class, accountNumber);
      User user = account == null ? null
          : s.createQuery("from User where accountNumber = :a and name = :n", User.class)
              .setParameter("a", accountNumber).setParameter("n", userName).uniqueResult();
      if (user == null) {
        return Optional.<org.eucalyptus.common.auth.Caller>empty();
      }
      boolean admin = account.name().equals(Account.SYSTEM_ACCOUNT) && user.name().equals(User.ADMIN);
      String keyId = s.createQuery("select k.accessKeyId from AccessKey k where k.userId = :u and k.active = true"
          + " order by k.accessKeyId", String.class).setParameter("u", user.userId()).setMaxResults(1)
          .uniqueResultOptional().orElse(null);
      return Optional.of(new org.eucalyptus.common.auth.Caller(account.accountNumber(), account.name(),
          user.userId(), user.name(), keyId, admin));
    });
  }

  /** Every user's name by their id (usage reports name who held what). */
  public java.util.Map<String, String> userNames() {
    return db.inTransaction(s -> {
      java.util.Map<String, String> out = new java.util.HashMap<>();
      for (Object[] row : s.createQuery("select u.userId, u.name from User u", Object[].class).list()) {
        out.put((String) row[0], (String) row[1]);
      }
      return out;
    });
  }

  /** Creates the {@code eucalyptus} account with its {@code admin} user and one access key, if missing. */
  public AccessKeyOwner ensureSystemAdmin() {
    db.run(s -> {
      if (accountNamed(s, Account.SYSTEM_ACCOUNT).isEmpty()) {
        insertAccount(s, Account.SYSTEM_ACCOUNT);
      }
    });
    return firstActiveKey(Account.SYSTEM_ACCOUNT, User.ADMIN)
        .orElseGet(() -> createAccessKey(Account.SYSTEM_ACCOUNT, User.ADMIN));
  }

  public Optional<Account> findAccount(String name) {
    return db.inTransaction(s -> accountNamed(s, name));
  }

  public List<Account> listAccounts() {
    return db.inTransaction(s -> s.createQuery("from Account order by name", Account.class).list());
  }

  /** A new account with its {@code admin} user. */
  public Account createAccount(String name) throws InvalidException, AlreadyExistsException {
    if (!name.matches("[a-z0-9][a-z0-9.@_-]{0,62}")) {
      throw new InvalidException(ResourceKind.ACCOUNT,
          "Account names are 1-63 lower-case letters, digits, '.', '@', '_' or '-'");
    }
    return db.inTransaction(s -> {
      if (accountNamed(s, name).isPresent()) {
        throw new AlreadyExistsException(ResourceKind.ACCOUNT, "Account '" + name + "' already exists");
      }
      return insertAccount(s, name);
    });
  }

  private static Optional<Account> accountNamed(org.hibernate.Session s, String name) {
    return s.createQuery("from Account where name = :n", Account.class).setParameter("n", name).uniqueResultOptional();
  }

  private Account insertAccount(org.hibernate.Session s, String name) {
    String number;
    do {
      number = String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L));
    } while (s.find(Account.class, number) != null);
    Instant now = clock.instant();
    Account a = new Account(number, name, now);
    s.persist(a);
    s.persist(new User(newUserId(), number, User.ADMIN, now));
    return a;
  }

  static String newAccessKeyId() {
    return "AKI" + Ids.random(KEY_ALPHABET, 17);
  }

  static String newSecret() {
    return Ids.random(SECRET_ALPHABET, 40);
  }

  public AccessKeyOwner createAccessKey(String accountName, String userName) {
    String accessKeyId = newAccessKeyId();
    String secret = newSecret();
    db.run(s -> {
      User u = findUser(s, accountName, userName);
      s.persist(new AccessKey(accessKeyId, secret, u.userId(), true, clock.instant()));
    });
    return lookup(accessKeyId).orElseThrow();
  }

  public Optional<AccessKeyOwner> firstActiveKey(String accountName, String userName) {
    Optional<String> id = db.inTransaction(s -> {
      User u = findUser(s, accountName, userName);
      return s.createQuery("select k.accessKeyId from AccessKey k where k.userId = :u and k.active = true"
              + " order by k.created", String.class)
          .setParameter("u", u.userId()).setMaxResults(1).uniqueResultOptional();
    });
    return id.flatMap(this::lookup);
  }

  private static User findUser(org.hibernate.Session s, String accountName, String userName) {
    return s.createQuery("select u from User u, Account a where u.accountNumber = a.accountNumber"
            + " and a.name = :a and u.name = :u", User.class)
        .setParameter("a", accountName).setParameter("u", userName).uniqueResultOptional()
        .orElseThrow(() -> new IllegalArgumentException("No user '" + userName + "' in account '" + accountName + "'"));
  }

  /** Forgets a cached key at once (after it was disabled or deleted). */
  void forget(String accessKeyId) {
    cache.forget(accessKeyId);
  }

  Database db() {
    return db;
  }

  Clock clock() {
    return clock;
  }

  String newUserId() {
    return "AID" + Ids.random(KEY_ALPHABET, 18);
  }
}
