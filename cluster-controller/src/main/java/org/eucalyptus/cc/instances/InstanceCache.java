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
import org.eucalyptus.wsdl.types.CcInstanceType;

/**
 * The cluster's view of its instances, merged from what each node reports. Every real change bumps
 * a version, which the CLC's describe long poll waits on.
 *
 * <p>The generated instance type is mutable and CXF marshals answers on other threads, so the cache
 * keeps copies of its own that it never changes (a change replaces the entry) and hands out copies:
 * what a reader got stays as it was, whatever the cache does next.
 */
public final class InstanceCache {
  public static final String TEARDOWN = "Teardown";

  private record Entry(CcInstanceType instance, Instant added, Instant teardownAt) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Versioned version = new Versioned();
  private final Clock clock;
  /** An instance a live node stops listing only counts as gone once it is this old (reports race launches). */
  private final Duration vanishGrace;

  public InstanceCache(Clock clock, Duration vanishGrace) {
    this.clock = clock;
    this.vanishGrace = vanishGrace;
  }

  public Versioned version() {
    return version;
  }

  /** Adds or replaces one instance (a launch's answer, or a failed launch as Teardown). */
  public synchronized void put(CcInstanceType inst) {
    Entry old = entries.get(inst.getInstanceId());
    if (old != null && rank(old.instance().getStateName()) > rank(inst.getStateName())) {
      return; // the node's report got here first with a later state
    }
    Instant now = clock.instant();
    entries.put(inst.getInstanceId(), new Entry(InstanceCopies.of(inst), old == null ? now : old.added(),
        TEARDOWN.equals(inst.getStateName()) ? now : null));
    version.bump();
  }

  /** Merges a node's full report: new or changed instances update; ones it no longer lists end. */
  public synchronized void applyNodeReport(String serviceTag, List<CcInstanceType> reported) {
    Instant now = clock.instant();
    boolean changed = false;
    Set<String> seen = new HashSet<>();
    for (CcInstanceType r : reported) {
      seen.add(r.getInstanceId());
      Entry old = entries.get(r.getInstanceId());
      if (old != null && sameState(old.instance(), r)) {
        continue;
      }
      if (old != null && TEARDOWN.equals(old.instance().getStateName())) {
        continue; // ended here already (e.g. terminated); a stale report does not revive it
      }
      entries.put(r.getInstanceId(), new Entry(InstanceCopies.of(r), old == null ? now : old.added(),
          TEARDOWN.equals(r.getStateName()) ? now : null));
      changed = true;
    }
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      CcInstanceType i = e.getValue().instance();
      if (serviceTag.equals(i.getServiceTag()) && !seen.contains(e.getKey()) && !TEARDOWN.equals(i.getStateName())
          && e.getValue().added().plus(vanishGrace).isBefore(now)) {
        e.setValue(new Entry(InstanceCopies.inState(i, TEARDOWN, "no longer reported by its node"), e.getValue().added(),
            now));
        changed = true;
      }
    }
    if (changed) {
      version.bump();
    }
  }

  private static int rank(String state) {
    return switch (state == null ? "" : state) {
      case "Extant" -> 1;
      case TEARDOWN -> 2;
      default -> 0;
    };
  }

  private static boolean sameState(CcInstanceType a, CcInstanceType b) {
    return Objects.equals(a.getStateName(), b.getStateName()) && Objects.equals(a.getStateReason(), b.getStateReason())
        && Objects.equals(a.getServiceTag(), b.getServiceTag());
  }

  /** Marks an instance ended (after a terminate the node accepted). */
  public synchronized void markTeardown(String id, String reason) {
    Entry e = entries.get(id);
    if (e == null || TEARDOWN.equals(e.instance().getStateName())) {
      return;
    }
    entries.put(id, new Entry(InstanceCopies.inState(e.instance(), TEARDOWN, reason), e.added(), clock.instant()));
    version.bump();
  }

  /**
   * The instance of this id, or of this id in another case: instances launched before the cloud
   * wrote ids in lower case keep their upper-case ids on their nodes while the CLC names them in
   * lower case.
   */
  public synchronized Optional<CcInstanceType> find(String id) {
    Entry e = entries.get(id);
    if (e == null && id != null) {
      e = entries.entrySet().stream().filter(x -> x.getKey().equalsIgnoreCase(id)).map(Map.Entry::getValue)
          .findFirst().orElse(null);
    }
    return e == null ? Optional.empty() : Optional.of(InstanceCopies.of(e.instance()));
  }

  /** The instances listed by id (all of them if {@code ids} is empty). */
  public synchronized List<CcInstanceType> snapshot(Collection<String> ids) {
    List<CcInstanceType> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (ids.isEmpty() || ids.contains(e.instance().getInstanceId())) {
        out.add(InstanceCopies.of(e.instance()));
      }
    }
    return out;
  }

  /** Instances holding resources on a node (everything not torn down). */
  public synchronized List<CcInstanceType> liveOn(String serviceTag) {
    List<CcInstanceType> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (serviceTag.equals(e.instance().getServiceTag()) && !TEARDOWN.equals(e.instance().getStateName())) {
        out.add(InstanceCopies.of(e.instance()));
      }
    }
    return out;
  }

  /** Forgets instances ended longer ago than {@code retention}. */
  public synchronized void purge(Duration retention) {
    Instant cutoff = clock.instant().minus(retention);
    if (entries.values().removeIf(e -> e.teardownAt() != null && e.teardownAt().isBefore(cutoff))) {
      version.bump();
    }
  }
}
