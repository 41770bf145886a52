package org.eucalyptus.clc.groups;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eucalyptus.clc.errors.AlreadyExistsException;
import org.eucalyptus.clc.errors.ConflictException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.NotPermittedException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.common.util.IdSource;
import org.eucalyptus.common.util.Ids;
import org.hibernate.Session;

/** Security groups, their rules, and the checks that keep them consistent. */
public final class SecurityGroupStore {
  private final Database db;
  private final Clock clock;
  private final IdSource ids;

  public SecurityGroupStore(Database db, Clock clock) {
    this(db, clock, new IdSource());
  }

  public SecurityGroupStore(Database db, Clock clock, IdSource ids) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
  }

  /**
   * The account's {@code default} group, made on first need. It starts with no rules. One made by a
   * concurrent request in the meantime clashes on the name, and is found by name on the retry.
   */
  public SecurityGroup ensureDefault(String account) {
    Optional<SecurityGroup> g = findByName(account, SecurityGroup.DEFAULT);
    if (g.isPresent()) {
      return g.get();
    }
    return db.insertWithFreshIds(5, s -> byName(s, account, SecurityGroup.DEFAULT)
        .orElseGet(() -> insert(s, account, SecurityGroup.DEFAULT, "default group")));
  }

  public SecurityGroup create(String account, String name, String description) throws AlreadyExistsException {
    // A clash on the id draws another; a clash on the name (a concurrent create) is found by name on the retry.
    return db.insertWithFreshIds(5, s -> {
      if (byName(s, account, name).isPresent()) {
        throw new AlreadyExistsException(ResourceKind.SECURITY_GROUP,
            "The security group '" + name + "' already exists");
      }
      return insert(s, account, name, description);
    });
  }

  private SecurityGroup insert(Session s, String account, String name, String description) {
    SecurityGroup made = new SecurityGroup(ids.next("sg").toLowerCase(Locale.ROOT), account, name, description,
        clock.instant());
    s.persist(made);
    return made;
  }

  public Optional<SecurityGroup> findByName(String account, String name) {
    return db.inTransaction(s -> byName(s, account, name));
  }

  public Optional<SecurityGroup> findById(String groupId) {
    return db.inTransaction(s -> Optional.ofNullable(s.find(SecurityGroup.class, groupId)));
  }

  private static Optional<SecurityGroup> byName(Session s, String account, String name) {
    return s.createQuery("from SecurityGroup where accountNumber = :a and name = :n", SecurityGroup.class)
        .setParameter("a", account).setParameter("n", name).uniqueResultOptional();
  }

  /** An account's groups (ordered by name). */
  public List<SecurityGroup> list(String account) {
    return db.inTransaction(s -> s.createQuery("from SecurityGroup where accountNumber = :a order by name",
        SecurityGroup.class).setParameter("a", account).list());
  }

  /** Groups by id, any account (for showing the groups instances are in, or rule sources). */
  public Map<String, SecurityGroup> byIds(Collection<String> ids) {
    Map<String, SecurityGroup> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    // Plain rows (each listing asks, DescribeInstances among them); detached as the entities were.
    db.select("select group_id, account_number, name, description, created, network_tag from security_groups"
        + " where group_id in (?)", List.of(ids), SecurityGroupStore::row).forEach(g -> out.put(g.groupId(), g));
    return out;
  }

  private static SecurityGroup row(java.sql.ResultSet r) throws java.sql.SQLException {
    SecurityGroup g = new SecurityGroup(r.getString("group_id"), r.getString("account_number"), r.getString("name"),
        r.getString("description"), org.eucalyptus.clc.persistence.Database.instant(r, "created"));
    int tag = r.getInt("network_tag");
    if (!r.wasNull()) {
      g.setNetworkTag(tag);
    }
    return g;
  }

  /** The rules of each of these groups. */
  /**
   * The group's network tag, chosen now if it has none: the lowest in {@code min..max} that no
   * other group has. Two CLC threads choosing at once cannot both take a tag (a unique index); the
   * loser chooses again.
   */
  public int networkTag(String groupId, int min, int max) {
    for (int attempt = 0; ; attempt++) {
      try {
        return db.inTransaction(s -> {
          SecurityGroup g = s.find(SecurityGroup.class, groupId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
          if (g.networkTag() != null) {
            return g.networkTag();
          }
          java.util.Set<Integer> used = new java.util.HashSet<>(s.createQuery(
              "select networkTag from SecurityGroup where networkTag is not null", Integer.class).list());
          for (int t = min; t <= max; t++) {
            if (!used.contains(t)) {
              g.setNetworkTag(t);
              s.flush();
              return t;
            }
          }
          throw new IllegalStateException("every network tag from " + min + " to " + max + " is in use");
        });
      } catch (RuntimeException e) {
        if (attempt >= 4 || e instanceof IllegalStateException) {
          throw e;
        }
      }
    }
  }

  public Map<String, List<Permission>> rules(Collection<String> groupIds) {
    Map<String, List<Permission>> out = new LinkedHashMap<>();
    groupIds.forEach(id -> out.put(id, new ArrayList<>()));
    if (groupIds.isEmpty()) {
      return out;
    }
    db.run(s -> s.createQuery("from SecurityGroupRule where groupId in (:ids)"
            + " order by protocol, fromPort, toPort, cidr, sourceGroupId", SecurityGroupRule.class)
        .setParameterList("ids", groupIds).list()
        .forEach(r -> out.get(r.groupId()).add(r.permission())));
    return out;
  }

  /** Adds rules; all or none: any that exists already refuses the whole request. */
  public void authorize(String groupId, List<Permission> perms) throws AlreadyExistsException {
    db.run(s -> {
      lockGroup(s, groupId);
      Set<Permission> existing = new HashSet<>(rulesOf(s, groupId));
      Set<Permission> adding = new HashSet<>();
      for (Permission p : perms) {
        if (existing.contains(p) || !adding.add(p)) {
          throw new AlreadyExistsException(ResourceKind.SECURITY_GROUP_RULE,
              "the specified rule \"" + describe(p) + "\" already exists");
        }
      }
      for (Permission p : perms) {
        s.persist(new SecurityGroupRule("sgr-" + Ids.random("0123456789abcdef", 17), groupId, p));
      }
    });
  }

  /** Removes rules; all or none: any that does not exist refuses the whole request. */
  public void revoke(String groupId, List<Permission> perms) throws NotFoundException {
    db.run(s -> {
      lockGroup(s, groupId);
      List<SecurityGroupRule> rules = s.createQuery("from SecurityGroupRule where groupId = :g", SecurityGroupRule.class)
          .setParameter("g", groupId).list();
      List<SecurityGroupRule> doomed = new ArrayList<>();
      for (Permission p : perms) {
        Optional<SecurityGroupRule> r = rules.stream().filter(x -> x.permission().equals(p)).findFirst();
        if (r.isEmpty()) {
          throw new NotFoundException(ResourceKind.SECURITY_GROUP_RULE,
              "The specified rule \"" + describe(p) + "\" does not exist in this security group.");
        }
        doomed.add(r.get());
      }
      doomed.forEach(s::remove);
    });
  }

  /** Deletes a group that no live instance uses and no other group's rule names. */
  public void delete(SecurityGroup g) throws NotPermittedException, ConflictException {
    if (g.name().equals(SecurityGroup.DEFAULT)) {
      throw new NotPermittedException(ResourceKind.SECURITY_GROUP, "the default security group cannot be deleted");
    }
    db.run(s -> {
      lockGroup(s, g.groupId());
      Long users = s.createQuery("select count(*) from Instance where state <> 'terminated' and groupIds like :g",
          Long.class).setParameter("g", "%" + g.groupId() + "%").uniqueResult();
      if (users > 0) {
        throw inUse(g, "it is in use by " + users + " instance(s)");
      }
      List<String> referrers = s.createQuery("select distinct r.groupId from SecurityGroupRule r"
              + " where r.sourceGroupId = :g and r.groupId <> :g", String.class)
          .setParameter("g", g.groupId()).list();
      if (!referrers.isEmpty()) {
        throw inUse(g, "rules of " + String.join(", ", referrers) + " refer to it");
      }
      s.createMutationQuery("delete from SecurityGroupRule where groupId = :g").setParameter("g", g.groupId())
          .executeUpdate();
      s.remove(s.find(SecurityGroup.class, g.groupId()));
      // Its tags go with it (TagStore keeps no tag of a resource that is gone).
      s.createMutationQuery("delete from Tag where resourceId = :g").setParameter("g", g.groupId()).executeUpdate();
    });
  }

  private static ConflictException inUse(SecurityGroup g, String why) {
    return new ConflictException(ResourceKind.SECURITY_GROUP, "Group " + g.groupId() + " cannot be deleted: " + why);
  }

  private static void lockGroup(Session s, String groupId) {
    // Serialises rule changes per group, so two identical authorizations cannot both pass the check.
    s.find(SecurityGroup.class, groupId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
  }

  private static List<Permission> rulesOf(Session s, String groupId) {
    return s.createQuery("from SecurityGroupRule where groupId = :g", SecurityGroupRule.class)
        .setParameter("g", groupId).list().stream().map(SecurityGroupRule::permission).toList();
  }

  private static String describe(Permission p) {
    return "peer: " + (p.cidr() != null ? p.cidr() : p.sourceGroupId()) + ", " + p.protocol().toUpperCase(Locale.ROOT)
        + ", from port: " + p.fromPort() + ", to port: " + p.toPort() + ", ALLOW";
  }
}
