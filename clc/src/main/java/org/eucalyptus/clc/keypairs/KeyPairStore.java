package org.eucalyptus.clc.keypairs;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.clc.errors.AlreadyExistsException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.common.util.Ids;

/** Each account's key pairs. */
public final class KeyPairStore {
  /** A created key pair and its private key, which is shown once and never kept. */
  public record Created(KeyPair keyPair, String privateKeyPem) {}

  private final Database db;
  private final Clock clock;

  public KeyPairStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public Created create(String account, String name) throws AlreadyExistsException {
    SshKeys.Generated g = SshKeys.generate(name);
    KeyPair kp = new KeyPair(newId(), account, name, g.fingerprint(), g.openSshPublicKey(), clock.instant());
    insert(kp);
    return new Created(kp, g.privateKeyPem());
  }

  public KeyPair importKey(String account, String name, SshKeys.Parsed key) throws AlreadyExistsException {
    KeyPair kp = new KeyPair(newId(), account, name, key.fingerprint(), key.openSshPublicKey(), clock.instant());
    insert(kp);
    return kp;
  }

  private void insert(KeyPair kp) throws AlreadyExistsException {
    db.run(s -> {
      if (find(s, kp.accountNumber(), kp.name()).isPresent()) {
        throw new AlreadyExistsException(ResourceKind.KEY_PAIR, "The keypair '" + kp.name() + "' already exists.");
      }
      s.persist(kp);
    });
  }

  public Optional<KeyPair> find(String account, String name) {
    return db.inTransaction(s -> find(s, account, name));
  }

  private static Optional<KeyPair> find(org.hibernate.Session s, String account, String name) {
    return s.createQuery("from KeyPair where accountNumber = :a and name = :n", KeyPair.class)
        .setParameter("a", account).setParameter("n", name).uniqueResultOptional();
  }

  /** The account's key pairs (every account's for {@code account == null}), by name. */
  public List<KeyPair> list(String account, Collection<String> names) {
    return db.inTransaction(s -> {
      String hql = "from KeyPair where (:all = true or accountNumber = :a)"
          + (names.isEmpty() ? "" : " and name in (:names)") + " order by name";
      var q = s.createQuery(hql, KeyPair.class).setParameter("all", account == null)
          .setParameter("a", account == null ? "" : account);
      if (!names.isEmpty()) {
        q.setParameterList("names", names);
      }
      return q.list();
    });
  }

  /** Deletes a key pair by name; deleting one that does not exist is not an error (as in EC2). */
  public void delete(String account, String name) {
    db.run(s -> find(s, account, name).ifPresent(s::remove));
  }

  private static String newId() {
    return "key-" + Ids.random("0123456789abcdef", 17);
  }
}
