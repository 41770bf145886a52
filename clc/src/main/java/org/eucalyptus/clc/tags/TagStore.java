package org.eucalyptus.clc.tags;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;

/** Tags, and which resources can carry them. */
public final class TagStore {
  public static final int MAX_TAGS_PER_RESOURCE = 50;

  /** A taggable resource: its EC2 resource type and its owner. */
  public record Resource(String id, String type, String ownerAccount) {}

  private final Database db;
  private final java.time.Clock clock;
  /** How long a terminated instance stays visible; after that it, and so its tags, are gone. */
  private final java.util.function.Supplier<java.time.Duration> terminatedVisible;

  /** A store where terminated instances' tags last as long as their instances are shown (an hour). */
  public TagStore(Database db) {
    this(db, java.time.Clock.systemUTC(), () -> java.time.Duration.ofHours(1));
  }

  public TagStore(Database db, java.time.Clock clock, java.util.function.Supplier<java.time.Duration> terminatedVisible) {
    this.db = db;
    this.clock = clock;
    this.terminatedVisible = terminatedVisible;
  }

  /** Finds a resource by id, if it exists and is of a kind that takes tags. */
  public Optional<Resource> resource(String id) {
    return db.inTransaction(s -> {
      if (id.startsWith("i-")) {
        Instance i = s.find(Instance.class, id);
        return Optional.ofNullable(i).filter(x -> !gone(x))
            .map(x -> new Resource(id, "instance", x.accountNumber()));
      }
      if (id.matches("e[mkr]i-.*")) {
        Image i = s.find(Image.class, id);
        return Optional.ofNullable(i).map(x -> new Resource(id, "image", x.ownerAccount()));
      }
      if (id.startsWith("vol-")) {
        org.eucalyptus.clc.volumes.Volume v = s.find(org.eucalyptus.clc.volumes.Volume.class, id);
        return Optional.ofNullable(v).map(x -> new Resource(id, "volume", x.accountNumber()));
      }
      if (id.startsWith("sg-")) {
        SecurityGroup g = s.find(SecurityGroup.class, id);
        return Optional.ofNullable(g).map(x -> new Resource(id, "security-group", x.accountNumber()));
      }
      if (id.startsWith("snap-")) { // clc-snapshots
        org.eucalyptus.clc.snapshots.Snapshot x = s.find(org.eucalyptus.clc.snapshots.Snapshot.class, id);
        return Optional.ofNullable(x).map(v -> new Resource(id, "snapshot", v.accountNumber()));
      }
      return Optional.empty();
    });
  }

  /** Sets tags (replacing the values of existing keys) on resources, all in one transaction. */
  public void create(List<Resource> resources, Map<String, String> tags) throws LimitExceededException {
    db.run(s -> {
      for (Resource r : resources) {
        for (Map.Entry<String, String> t : tags.entrySet()) {
          Tag existing = s.find(Tag.class, new Tag.Key(r.id(), t.getKey()));
          if (existing != null) {
            existing.setValue(t.getValue());
          } else {
            s.persist(new Tag(r.id(), t.getKey(), t.getValue(), r.type(), r.ownerAccount()));
          }
        }
        s.flush();
        Long count = s.createQuery("select count(*) from Tag where resourceId = :r", Long.class)
            .setParameter("r", r.id()).uniqueResult();
        if (count > MAX_TAGS_PER_RESOURCE) {
          // rolls the whole request back
          throw new LimitExceededException(ResourceKind.TAG, "The maximum number of tags (" + MAX_TAGS_PER_RESOURCE
              + ") for " + r.id() + " has been reached");
        }
      }
    });
  }

  /** Deletes tags by key; with a value given, only where the value matches too. */
  public void delete(List<String> resourceIds, Map<String, Optional<String>> keys) {
    db.run(s -> {
      for (String id : resourceIds) {
        List<Tag> tags = s.createQuery("from Tag where resourceId = :r", Tag.class).setParameter("r", id).list();
        for (Tag t : tags) {
          if (keys.isEmpty() || (keys.containsKey(t.key())
              && keys.get(t.key()).map(v -> v.equals(t.value())).orElse(true))) {
            s.remove(t);
          }
        }
      }
    });
  }

  /**
   * The tags of an account's resources. Groups and images take their tags with them when deleted;
   * a terminated instance stays (and is shown) for a while, and its tags go when it does, here.
   */
  public List<Tag> ofAccount(String account) {
    return db.inTransaction(s -> {
      s.createMutationQuery("delete from Tag where accountNumber = :a and resourceType = 'instance' and resourceId in"
              + " (select i.instanceId from Instance i where i.state = 'terminated' and i.stateChanged <= :cutoff)")
          .setParameter("a", account).setParameter("cutoff", cutoff()).executeUpdate();
      return s.createQuery("from Tag where accountNumber = :a order by resourceId, key", Tag.class)
          .setParameter("a", account).list();
    });
  }

  private java.time.Instant cutoff() {
    return clock.instant().minus(terminatedVisible.get());
  }

  /** A terminated instance past its time to be shown no longer exists for its owner. */
  private boolean gone(Instance i) {
    return i.state() == org.eucalyptus.clc.instances.InstanceState.TERMINATED && !i.stateChanged().isAfter(cutoff());
  }

  /** Tags of these resources: resource id → key → value (keys sorted). */
  /**
   * As {@link #of(Collection)}, for resources all owned by {@code accounts}: when they are many, the
   * accounts' tags are read in one query by account and those of other resources left out, instead
   * of a query listing every id (which the database parses and plans anew for each count of ids).
   */
  public Map<String, Map<String, String>> of(Collection<String> resourceIds, Collection<String> accounts) {
    if (resourceIds.size() <= MANY_IDS || accounts.isEmpty()) {
      return of(resourceIds);
    }
    java.util.Set<String> wanted = new java.util.HashSet<>(resourceIds);
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    // Plain rows, not entities: this is every tag of the accounts, on DescribeInstances' hot path.
    for (String[] t : db.select("select resource_id, tag_key, tag_value from tags where account_number in (?)",
        List.of(accounts), TagStore::row)) {
      if (wanted.contains(t[0])) {
        out.computeIfAbsent(t[0], k -> new TreeMap<>()).put(t[1], t[2]);
      }
    }
    return out;
  }

  private static String[] row(java.sql.ResultSet r) throws java.sql.SQLException {
    return new String[] {r.getString(1), r.getString(2), r.getString(3)};
  }

  /** Past this many ids, {@link #of(Collection, Collection)} reads by account. */
  static final int MANY_IDS = 32;

  public Map<String, Map<String, String>> of(Collection<String> resourceIds) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    if (resourceIds.isEmpty()) {
      return out;
    }
    for (String[] t : db.select("select resource_id, tag_key, tag_value from tags where resource_id in (?)",
        List.of(resourceIds), TagStore::row)) {
      out.computeIfAbsent(t[0], k -> new TreeMap<>()).put(t[1], t[2]);
    }
    return out;
  }
}
