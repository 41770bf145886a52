package org.eucalyptus.clc.identity;

import java.util.List;
import java.util.Optional;
import org.eucalyptus.clc.persistence.Database;

/** The paths of an account's users and groups, by name: what their ARNs are made of. */
public final class IamPaths {
  private final Database db;

  public IamPaths(IdentityStore identity) {
    this.db = identity.db();
  }

  public Optional<String> user(String account, String name) {
    return first(db.inTransaction(s -> s.createQuery(
        "select u.path from User u where u.accountNumber = :a and u.name = :n", String.class)
        .setParameter("a", account).setParameter("n", name).setMaxResults(1).list()));
  }

  public Optional<String> group(String account, String name) {
    return first(db.inTransaction(s -> s.createQuery(
        "select g.path from Group g where g.accountNumber = :a and g.name = :n", String.class)
        .setParameter("a", account).setParameter("n", name).setMaxResults(1).list()));
  }

  private static Optional<String> first(List<String> paths) {
    return paths.isEmpty() ? Optional.empty() : Optional.ofNullable(paths.get(0));
  }
}
