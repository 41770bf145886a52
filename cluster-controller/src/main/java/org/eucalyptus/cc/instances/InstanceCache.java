package org.eucalyptus.cc.instances;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eucalyptus.common.util.Versioned;

/**
 * The cluster's view of its instances, merged from what each node reports. Every real change bumps
 * a version, which the CLC's describe long poll waits on.
 *
 * <p>Its instances are immutable records ({@link CcInstance}): a change replaces the entry, and what
 * a reader got stays as it was, whatever the cache does next.
 */
public final class InstanceCache {
  public static final String TEARDOWN = "Teardown";

  /** One instance, and the version at which its entry last changed (what a changes-only describe compares). */
  private record Entry(CcInstance instance, Instant added, Instant teardownAt, long changedAt) {
    Entry(CcInstance instance, Instant added, Instant teardownAt) {
      this(instance, added, teardownAt, 0);
    }

    Entry at(long version) {
      return new Entry(instance, added, teardownAt, version);
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  /** The ids of each node's entries (by service tag): a node's report is compared with its own instances only. */
  private final Map<String, Set<String>> idsByNode = new java.util.HashMap<>();
  /** Each entry's id by its lower case ({@link #find}); the first of ids differing only in case. */
  private final Map<String, String> idsByLowerCase = new java.util.HashMap<>();
  /** Entries forgotten (purged), oldest first, with the version that forgot them: a changes-only describe's gone ids. */
  private final java.util.ArrayDeque<Removal> removals = new java.util.ArrayDeque<>();
  /** How many removals are remembered: a poller further behind than that is given the whole list. */
  static final int REMOVALS_KEPT = 100_000;
  /** The versions below which removals are not all remembered (the first version, then the oldest one dropped). */
  private long removalsKnownFrom;

  private record Removal(String id, long version) {}

  /** The instances changed after a version and the ids forgotten after it ({@link #changesSince}). */
  public record Changes(List<CcInstance> changed, List<String> gone) {}
  /**
   * What the live instances hold on each node, kept with every change of {@code entries}: placement
   * reads it for every launch, and summing the instances instead would cost the whole cache each time.
   */
  private final Map<String, NodeUse> liveUse = new java.util.HashMap<>();

  /** Cores, memory (MB) and disk (GB) the live instances on a node hold. */
  public record NodeUse(int cores, int memoryMb, int diskGb) {
    public static final NodeUse NONE = new NodeUse(0, 0, 0);

    NodeUse plus(CcInstance i, int sign) {
      CcInstance.Machine m = i.machine();
      if (m == null) {
        return this;
      }
      return new NodeUse(cores + sign * m.cores(), memoryMb + sign * m.memoryMb(), diskGb + sign * m.diskGb());
    }
  }
  private final Versioned version;
  private final Clock clock;
  /** An instance a live node stops listing only counts as gone once it is this old (reports race launches). */
  private final Duration vanishGrace;

  public InstanceCache(Clock clock, Duration vanishGrace) {
    this.clock = clock;
    this.vanishGrace = vanishGrace;
    // Versions start at the clock's microseconds: a version an earlier run of this cluster
    // controller gave out is below every one of this run, so a poller that kept one gets the whole list.
    long start = java.util.concurrent.TimeUnit.MILLISECONDS.toMicros(clock.millis());
    this.version = new Versioned(start);
    this.removalsKnownFrom = start;
  }

  public Versioned version() {
    return version;
  }

  /**
   * Adds or replaces one instance (a launch's answer, or a failed launch as Teardown). A new launch
   * of an id (another uuid: StartInstances of an instance stopped here) replaces the old one's entry.
   */
  public synchronized void put(CcInstance inst) {
    Entry old = entries.get(inst.instanceId());
    if (old != null && !sameLaunch(old.instance(), inst)) {
      old = null;
    }
    if (old != null && rank(old.instance().stateName()) > rank(inst.stateName())) {
      return; // the node's report got here first with a later state
    }
    Instant now = clock.instant();
    store(inst.instanceId(), new Entry(inst, old == null ? now : old.added(),
        TEARDOWN.equals(inst.stateName()) ? now : null).at(version.bump()));
  }

  /** Merges a node's full report: new or changed instances update; ones it no longer lists end. */
  public synchronized void applyNodeReport(String serviceTag, List<CcInstance> reported) {
    Instant now = clock.instant();
    Map<String, Entry> updates = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (CcInstance r : reported) {
      seen.add(r.instanceId());
      Entry old = entries.get(r.instanceId());
      if (old != null && !sameLaunch(old.instance(), r)) {
        if (TEARDOWN.equals(r.stateName())) {
          continue; // the end of a launch a newer one of the id replaced
        }
        old = null; // a new launch of the id (its uuid another): it replaces the one that ended
      }
      if (old != null && sameState(old.instance(), r)) {
        continue;
      }
      if (old != null && TEARDOWN.equals(old.instance().stateName())) {
        continue; // ended here already (e.g. terminated); a stale report does not revive it
      }
      updates.put(r.instanceId(), new Entry(r, old == null ? now : old.added(),
          TEARDOWN.equals(r.stateName()) ? now : null));
    }
    // Only this node's own entries can have vanished from its report: the rest of the cache is not read.
    for (String id : idsByNode.getOrDefault(serviceTag, Set.of())) {
      Entry e = entries.get(id);
      CcInstance i = e.instance();
      if (!seen.contains(id) && !TEARDOWN.equals(i.stateName()) && e.added().plus(vanishGrace).isBefore(now)) {
        updates.put(id, new Entry(i.inState(TEARDOWN, "no longer reported by its node"), e.added(), now));
      }
    }
    if (!updates.isEmpty()) {
      long v = version.bump();
      updates.forEach((id, e) -> store(id, e.at(v)));
    }
  }

  private static int rank(String state) {
    return switch (state == null ? "" : state) {
      case "Extant" -> 1;
      case TEARDOWN -> 2;
      default -> 0;
    };
  }

  /** Whether two records are of one launch: the same uuid (a record without one counts as any). */
  private static boolean sameLaunch(CcInstance a, CcInstance b) {
    return a.uuid() == null || b.uuid() == null || a.uuid().isEmpty() || b.uuid().isEmpty()
        || a.uuid().equals(b.uuid());
  }

  /**
   * Whether a launch with {@code uuid} of instance {@code id} is a new launch of an id whose
   * launch here has ended (StartInstances of an instance stopped here): it is to be started.
   */
  public synchronized boolean replacesEnded(String id, String uuid) {
    Entry e = entries.get(id);
    return e != null && TEARDOWN.equals(e.instance().stateName()) && uuid != null && !uuid.isEmpty()
        && e.instance().uuid() != null && !uuid.equals(e.instance().uuid());
  }

  private static boolean sameState(CcInstance a, CcInstance b) {
    return Objects.equals(a.stateName(), b.stateName()) && Objects.equals(a.stateReason(), b.stateReason())
        && Objects.equals(a.serviceTag(), b.serviceTag())
        && Objects.equals(a.volumes(), b.volumes()); // a volume attached or detached is news too
  }

  /** Marks an instance ended (after a terminate the node accepted). */
  public synchronized void markTeardown(String id, String reason) {
    Entry e = entries.get(id);
    if (e == null || TEARDOWN.equals(e.instance().stateName())) {
      return;
    }
    store(id, new Entry(e.instance().inState(TEARDOWN, reason), e.added(), clock.instant()).at(version.bump()));
  }

  /**
   * The instance of this id, or of this id in another case: instances launched before the cloud
   * wrote ids in lower case keep their upper-case ids on their nodes while the CLC names them in
   * lower case.
   */
  public synchronized Optional<CcInstance> find(String id) {
    Entry e = entries.get(id);
    if (e == null && id != null) {
      // Through the index of ids by their lower case: RunInstances asks this of every id it launches,
      // none of them here yet, and a search of every entry made a launch cost the whole cache.
      String stored = idsByLowerCase.get(id.toLowerCase(java.util.Locale.ROOT));
      e = stored == null ? null : entries.get(stored);
    }
    return e == null ? Optional.empty() : Optional.of(e.instance());
  }

  /** Whether the instance is here on that node and holds its resources there (not torn down). */
  public synchronized boolean holdsLive(String id, String serviceTag) {
    Entry e = entries.get(id);
    return e != null && !TEARDOWN.equals(e.instance().stateName()) && serviceTag.equals(e.instance().serviceTag());
  }

  /** The instances listed by id (all of them if {@code ids} is empty). */
  public synchronized List<CcInstance> snapshot(Collection<String> ids) {
    List<CcInstance> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (ids.isEmpty() || ids.contains(e.instance().instanceId())) {
        out.add(e.instance());
      }
    }
    return out;
  }

  /**
   * What changed after {@code since} (a version this run gave out): the instances whose entry changed
   * and the ids forgotten since, or empty when that cannot be told (a version from before the
   * oldest removal remembered, or from another run): the caller then needs the whole list.
   */
  public synchronized Optional<Changes> changesSince(long since) {
    if (since < removalsKnownFrom || since > version.current()) {
      return Optional.empty();
    }
    List<CcInstance> changed = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.changedAt() > since) {
        changed.add(e.instance());
      }
    }
    List<String> gone = new ArrayList<>();
    // Newest first, back to the first one at or before 'since'.
    for (var it = removals.descendingIterator(); it.hasNext();) {
      Removal r = it.next();
      if (r.version() <= since) {
        break;
      }
      if (!entries.containsKey(r.id())) {
        gone.add(r.id()); // an id launched again after it was forgotten is in 'changed' instead
      }
    }
    return Optional.of(new Changes(changed, gone));
  }

  /** Replaces (or adds) an entry, keeping what each node's live instances hold. */
  private void store(String id, Entry e) {
    idsByLowerCase.putIfAbsent(id.toLowerCase(java.util.Locale.ROOT), id);
    Entry old = entries.put(id, e);
    if (old != null) {
      count(old.instance(), -1);
      index(old.instance(), id, false);
    }
    count(e.instance(), +1);
    index(e.instance(), id, true);
  }

  private void index(CcInstance i, String id, boolean add) {
    if (i.serviceTag() == null) {
      return;
    }
    if (add) {
      idsByNode.computeIfAbsent(i.serviceTag(), k -> new HashSet<>()).add(id);
    } else {
      Set<String> ids = idsByNode.get(i.serviceTag());
      if (ids != null && ids.remove(id) && ids.isEmpty()) {
        idsByNode.remove(i.serviceTag());
      }
    }
  }

  private void count(CcInstance i, int sign) {
    if (i.serviceTag() != null && !TEARDOWN.equals(i.stateName())) {
      liveUse.put(i.serviceTag(), liveUse.getOrDefault(i.serviceTag(), NodeUse.NONE).plus(i, sign));
    }
  }

  /** What the live instances hold on each node (by service tag), at one moment. */
  public synchronized Map<String, NodeUse> liveUseByNode() {
    return new java.util.HashMap<>(liveUse);
  }

  /**
   * Instances holding resources on a node (everything not torn down): read through the node's own
   * ids, as DescribeNodes asks this of every node and the whole cache each time cost nodes × instances.
   */
  public synchronized List<CcInstance> liveOn(String serviceTag) {
    List<CcInstance> out = new ArrayList<>();
    for (String id : idsByNode.getOrDefault(serviceTag, Set.of())) {
      Entry e = entries.get(id);
      if (e != null && !TEARDOWN.equals(e.instance().stateName())) {
        out.add(e.instance());
      }
    }
    return out;
  }

  /** Forgets instances ended longer ago than {@code retention}. */
  public synchronized void purge(Duration retention) {
    Instant cutoff = clock.instant().minus(retention);
    // Only ended instances go, and they hold nothing: liveUse stays as it is.
    List<String> old = new ArrayList<>();
    entries.forEach((id, e) -> {
      if (e.teardownAt() != null && e.teardownAt().isBefore(cutoff)) {
        old.add(id);
      }
    });
    if (old.isEmpty()) {
      return;
    }
    long v = version.bump();
    for (String id : old) {
      index(entries.remove(id).instance(), id, false);
      String lower = id.toLowerCase(java.util.Locale.ROOT);
      if (idsByLowerCase.remove(lower, id) && entries.containsKey(lower)) {
        idsByLowerCase.put(lower, lower); // the same id in lower case is still here
      }
      removals.addLast(new Removal(id, v));
    }
    while (removals.size() > REMOVALS_KEPT) {
      removalsKnownFrom = removals.removeFirst().version();
    }
  }
}
