package org.eucalyptus.clc.groups;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.common.util.IdSource;
import org.eucalyptus.common.util.Ids;
import org.hibernate.Session;

/** Security groups, their rules, and the checks that keep them consistent. */
public final class SecurityGroupStore {
  /** Why a group change was refused; {@code code} is the EC2 error code. */
  public static final class GroupException extends Exception {
    private final String code;

    GroupException(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

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

  /** The account's {@code default} group, made on first need. It starts with no rules. */
  public SecurityGroup ensureDefault(String account) {
    Optional<SecurityGroup> g = findByName(account, SecurityGroup.DEFAULT);
    if (g.isPresent()) {
      return g.get();
    }
    try {
      return create(account, SecurityGroup.DEFAULT, "default group");
    } catch (GroupException | RuntimeException e) {
      // Made by a concurrent request in the meantime.
      return findByName(account, SecurityGroup.DEFAULT).orElseThrow(() -> new IllegalStateException(e));
    }
  }

  public SecurityGroup create(String account, String name, String description) throws GroupException {
    // A clash on the id draws another; a clash on the name (a concurrent create) is found by name on the retry.
    SecurityGroup g = db.insertWithFreshIds(5, s -> {
      if (byName(s, account, name).isPresent()) {
        return null;
      }
      SecurityGroup made = new SecurityGroup(ids.next("sg").toLowerCase(), account, name, description, clock.instant());
      s.persist(made);
      return made;
    });
    if (g == null) {
      throw new GroupException("InvalidGroup.Duplicate", "The security group '" + name + "' already exists");
    }
    return g;
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
    db.run(s -> s.createQuery("from SecurityGroup where groupId in (:ids)", SecurityGroup.class)
        .setParameterList("ids", ids).list().forEach(g -> out.put(g.groupId(), g)));
    return out;
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
  public void authorize(String groupId, List<Permission> perms) throws GroupException {
    String dup = db.inTransaction(s -> {
      lockGroup(s, groupId);
      Set<Permission> existing = new HashSet<>(rulesOf(s, groupId));
      Set<Permission> adding = new HashSet<>();
      for (Permission p : perms) {
        if (existing.contains(p) || !adding.add(p)) {
          return describe(p);
        }
      }
      for (Permission p : perms) {
        s.persist(new SecurityGroupRule("sgr-" + Ids.random("0123456789abcdef", 17), groupId, p));
      }
      return null;
    });
    if (dup != null) {
      throw new GroupException("InvalidPermission.Duplicate",
          "the specified rule \"" + dup + "\" already exists");
    }
  }

  /** Removes rules; all or none: any that does not exist refuses the whole request. */
  public void revoke(String groupId, List<Permission> perms) throws GroupException {
    String missing = db.inTransaction(s -> {
      lockGroup(s, groupId);
      List<SecurityGroupRule> rules = s.createQuery("from SecurityGroupRule where groupId = :g", SecurityGroupRule.class)
          .setParameter("g", groupId).list();
      List<SecurityGroupRule> doomed = new ArrayList<>();
      for (Permission p : perms) {
        Optional<SecurityGroupRule> r = rules.stream().filter(x -> x.permission().equals(p)).findFirst();
        if (r.isEmpty()) {
          return describe(p);
        }
        doomed.add(r.get());
      }
      doomed.forEach(s::remove);
      return null;
    });
    if (missing != null) {
      throw new GroupException("InvalidPermission.NotFound",
          "The specified rule \"" + missing + "\" does not exist in this security group.");
    }
  }

  /** Deletes a group that no live instance uses and no other group's rule names. */
  public void delete(SecurityGroup g) throws GroupException {
    if (g.name().equals(SecurityGroup.DEFAULT)) {
      throw new GroupException("CannotDelete", "the default security group cannot be deleted");
    }
    String problem = db.inTransaction(s -> {
      lockGroup(s, g.groupId());
      Long users = s.createQuery("select count(*) from Instance where state <> 'terminated' and groupIds like :g",
          Long.class).setParameter("g", "%" + g.groupId() + "%").uniqueResult();
      if (users > 0) {
        return "it is in use by " + users + " instance(s)";
      }
      List<String> referrers = s.createQuery("select distinct r.groupId from SecurityGroupRule r"
              + " where r.sourceGroupId = :g and r.groupId <> :g", String.class)
          .setParameter("g", g.groupId()).list();
      if (!referrers.isEmpty()) {
        return "rules of " + String.join(", ", referrers) + " refer to it";
      }
      s.createMutationQuery("delete from SecurityGroupRule where groupId = :g").setParameter("g", g.groupId())
          .executeUpdate();
      s.remove(s.find(SecurityGroup.class, g.groupId()));
      // Its tags go with it (TagStore keeps no tag of a resource that is gone).
      s.createMutationQuery("delete from Tag where resourceId = :g").setParameter("g", g.groupId()).executeUpdate();
      return null;
    });
    if (problem != null) {
      throw new GroupException("InvalidGroup.InUse", "Group " + g.groupId() + " cannot be deleted: " + problem);
    }
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
    return "peer: " + (p.cidr() != null ? p.cidr() : p.sourceGroupId()) + ", " + p.protocol().toUpperCase()
        + ", from port: " + p.fromPort() + ", to port: " + p.toPort() + ", ALLOW";
  }
}
