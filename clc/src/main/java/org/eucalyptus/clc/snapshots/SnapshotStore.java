package org.eucalyptus.clc.snapshots;

import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eucalyptus.clc.errors.ConflictException;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.quotas.Holdings;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.quotas.QuotaGuard;
import org.eucalyptus.clc.storage.SnapshotLookup;
import org.eucalyptus.clc.storage.VolumeLookup;
import org.eucalyptus.common.util.IdSource;
import org.hibernate.Session;

/**
 * The snapshot table and who may create volumes from each snapshot. A snapshot is its owner's; an
 * account sees and restores another's only where its createVolumePermission names that account or
 * all. Answers CreateVolume's {@link SnapshotLookup}.
 */
public final class SnapshotStore implements SnapshotLookup {
  /** Tries at drawing a snapshot id no other snapshot holds (32 random bits). */
  static final int ID_ATTEMPTS = 5;
  private final Database db;
  private final Clock clock;
  private final IdSource ids;

  public SnapshotStore(Database db, Clock clock, IdSource ids) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
  }

  /**
   * Records a new pending snapshot of {@code volume}, owned by the claim's account and user, within
   * the claim's snapshot quota (counted and inserted in one transaction under the account's lock).
   */
  public Snapshot create(QuotaClaim owner, VolumeLookup.VolumeFacts volume, String description)
      throws LimitExceededException {
    return create(owner, volume, description, Map.of());
  }

  /** As above, with the snapshot's tags (CreateSnapshot's TagSpecification) written in the same transaction. */
  public Snapshot create(QuotaClaim owner, VolumeLookup.VolumeFacts volume, String description,
      Map<String, String> tags) throws LimitExceededException {
    return db.insertWithFreshIds(ID_ATTEMPTS, s -> {
      QuotaGuard.admitOne(s, owner, Holdings.SNAPSHOTS, ResourceKind.SNAPSHOT, "snapshots");
      Snapshot snap = new Snapshot(ids.next("snap"), owner.accountNumber(), owner.userId(), volume.volumeId(),
          volume.sizeGiB(), volume.zone(), clock.instant(), description);
      s.persist(snap);
      tags.forEach((k, v) -> s.persist(new org.eucalyptus.clc.tags.Tag(snap.snapshotId(), k, v, "snapshot",
          snap.accountNumber())));
      return snap;
    });
  }

  public Optional<Snapshot> find(String snapshotId) {
    return db.inTransaction(s -> Optional.ofNullable(s.find(Snapshot.class, snapshotId)));
  }

  /** The account's own snapshot; NotFound (SNAPSHOT) when it has none by that id. */
  public Snapshot owned(String accountNumber, String snapshotId) throws NotFoundException {
    return find(snapshotId).filter(x -> x.accountNumber().equals(accountNumber))
        .orElseThrow(() -> notFound(snapshotId));
  }

  /** Every snapshot, by id. */
  public List<Snapshot> all() {
    return db.inTransaction(s -> s.createQuery("from Snapshot order by snapshotId", Snapshot.class).list());
  }

  /** Whom each of these snapshots is shared with: account numbers, and {@code all}. */
  public Map<String, Set<String>> sharedWith(Collection<String> snapshotIds) {
    Map<String, Set<String>> out = new HashMap<>();
    snapshotIds.forEach(id -> out.put(id, new TreeSet<>()));
    if (snapshotIds.isEmpty()) {
      return out;
    }
    db.run(s -> s.createQuery("from CreateVolumePermission where snapshotId in (:ids)", CreateVolumePermission.class)
        .setParameterList("ids", snapshotIds).list()
        .forEach(p -> out.computeIfAbsent(p.snapshotId(), k -> new TreeSet<>()).add(p.accountNumber())));
    return out;
  }

  /** Whether {@code accountNumber} may see and restore a snapshot, given whom it is shared with. */
  public static boolean restorableBy(Snapshot snap, String accountNumber, Set<String> sharedWith) {
    return snap.accountNumber().equals(accountNumber) || sharedWith.contains(accountNumber)
        || sharedWith.contains(CreateVolumePermission.ALL);
  }

  @Override
  public int restorableSize(String accountNumber, String snapshotId) throws NotFoundException, ConflictException {
    Snapshot snap = find(snapshotId).orElseThrow(() -> notFound(snapshotId));
    if (!restorableBy(snap, accountNumber, sharedWith(List.of(snapshotId)).get(snapshotId))) {
      throw notFound(snapshotId);
    }
    if (!snap.state().equals(Snapshot.COMPLETED)) {
      throw new ConflictException(ResourceKind.SNAPSHOT, "Snapshot '" + snapshotId + "' is " + snap.state()
          + ", not completed: a volume can be created only from a completed snapshot");
    }
    return snap.volumeSizeGiB();
  }

  /** Adds and removes accounts (or {@code all}) that may create volumes from a snapshot. */
  public void changePermission(String snapshotId, Collection<String> add, Collection<String> remove) {
    db.run(s -> {
      // Serializes changes of one snapshot's permissions (two adds of one account would clash on the key).
      s.find(Snapshot.class, snapshotId, LockModeType.PESSIMISTIC_WRITE);
      for (String a : add) {
        if (s.find(CreateVolumePermission.class, new CreateVolumePermission.Key(snapshotId, a)) == null) {
          s.persist(new CreateVolumePermission(snapshotId, a));
        }
      }
      for (String a : remove) {
        CreateVolumePermission p = s.find(CreateVolumePermission.class, new CreateVolumePermission.Key(snapshotId, a));
        if (p != null) {
          s.remove(p);
        }
      }
    });
  }

  /** Makes a snapshot its owner's alone again. */
  public void resetPermission(String snapshotId) {
    db.run(s -> {
      s.find(Snapshot.class, snapshotId, LockModeType.PESSIMISTIC_WRITE);
      removePermissions(s, snapshotId);
    });
  }

  /** Removes a snapshot, whom it was shared with and its tags, in one transaction. */
  public void remove(String snapshotId) {
    db.run(s -> {
      removePermissions(s, snapshotId);
      s.createMutationQuery("delete from Tag where resourceId = :i").setParameter("i", snapshotId).executeUpdate();
      s.createMutationQuery("delete from Snapshot where snapshotId = :i").setParameter("i", snapshotId)
          .executeUpdate();
    });
  }

  /** The zones that have pending snapshots, whose storage controllers the sync must hear from. */
  public Set<String> zonesWithPending() {
    return db.inTransaction(s -> new TreeSet<>(s.createQuery(
        "select distinct zone from Snapshot where state = 'pending'", String.class).list()));
  }

  /**
   * Applies what a zone's storage controller reports of its snapshots: a pending snapshot moves to
   * its reported progress, completed, or error (failed there). Returns how many rows changed.
   */
  public int apply(String zone, List<Report> reports) {
    return db.inTransaction(s -> {
      int changed = 0;
      for (Report r : reports) {
        Snapshot snap = s.find(Snapshot.class, r.snapshotId(), LockModeType.PESSIMISTIC_WRITE);
        if (snap == null || !snap.zone().equals(zone)) {
          continue;
        }
        String state = switch (r.status()) {
          case "completed" -> Snapshot.COMPLETED;
          case "failed" -> Snapshot.ERROR;
          case "pending" -> Snapshot.PENDING;
          default -> null; // deleting / deleted: the CLC removes its row when it asks the SC to delete
        };
        if (state == null) {
          continue;
        }
        String progress = state.equals(Snapshot.COMPLETED) ? "100%" : progressOf(r.progress(), snap.progress());
        if (snap.advance(state, progress, state.equals(Snapshot.ERROR) ? r.statusReason() : null)) {
          changed++;
        }
      }
      return changed;
    });
  }

  /** One snapshot as a storage controller reports it (status: pending | completed | deleting | deleted | failed). */
  public record Report(String snapshotId, String status, String progress, String statusReason) {}

  /** "NN%" as the SC reports it, kept within 0..100; anything else keeps what was known. */
  static String progressOf(String reported, String known) {
    if (reported == null || !reported.strip().matches("\\d{1,3}%")) {
      return known;
    }
    int p = Integer.parseInt(reported.strip().replace("%", ""));
    return Math.min(p, 100) + "%";
  }

  private static void removePermissions(Session s, String snapshotId) {
    s.createMutationQuery("delete from CreateVolumePermission where snapshotId = :i").setParameter("i", snapshotId)
        .executeUpdate();
  }

  static NotFoundException notFound(String snapshotId) {
    return new NotFoundException(ResourceKind.SNAPSHOT, "The snapshot '" + snapshotId + "' does not exist.");
  }
}
