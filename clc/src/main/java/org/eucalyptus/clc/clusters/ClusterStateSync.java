package org.eucalyptus.clc.clusters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceState;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.wsdl.cc.DescribeInstances;
import org.eucalyptus.wsdl.cc.DescribeInstancesResponse;
import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.NetConfigType;

/**
 * Keeps the database's instance states in step with what each cluster reports. One thread per
 * cluster long-polls the CC's DescribeInstances, so a change on a node reaches the CLC in
 * milliseconds (Eucalyptus 3.1 polled every 15–20 s). The CC's report is the truth for running
 * instances; the CLC only moves states forward.
 *
 * <p>The first report from each cluster after the CLC starts settles the launches a previous run
 * left half done: an instance recorded as pending before this start that the cluster does not
 * report may never have reached it (the CLC stopped between its database write and the cluster's
 * answer), and nothing else would ever start it. Its client may hold its id, though (a retry with
 * the same client token returns it), so its launch is sent again at once rather than given up or
 * left to the lost-instance time; the cluster starts an id at most once. Until a cluster has
 * taken those launches, each of its reports tries again. And an instance the cluster still runs
 * while the CLC holds it as terminated is stopped on the cluster.
 *
 * <p>With two front ends only the leader applies reports ({@link #lead}); a follower's pollers only
 * watch whether each cluster answers (for RunInstances and DescribeAvailabilityZones), asking each
 * second for no instance (a small answer), so that a follower that becomes leader applies a full report within seconds. Taking the
 * lead counts as a start: the launches recorded before it that a cluster does not have are sent
 * again (those of a leader that died on them; a launch another front end still has under way is
 * sent twice, which the cluster takes once, by id and uuid), and the lost-instance time starts anew.
 */
public final class ClusterStateSync implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ClusterStateSync.class);

  private final Database db;
  private final ClusterRegistry registry;
  private final ClusterClients clients;
  private final Clock clock;
  private final java.util.function.Supplier<Duration> lostAfter;
  private final Map<String, Thread> pollers = new ConcurrentHashMap<>();
  private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();
  /**
   * Per cluster, its live instances it did not report, and since when: terminated once missing for
   * {@link #lostAfter}. Kept to the cluster's live instances by each complete round.
   */
  private final Map<String, Map<String, Instant>> missingSince = new ConcurrentHashMap<>();
  private volatile boolean running = true;
  private final Runnable afterChange;
  /** Launches recorded before this instant belong to an earlier run of the CLC (or leader): resumed if not reported. */
  private volatile Instant startedAt;
  /** Whether this front end applies the reports (it leads), or only watches the clusters answer. */
  private volatile boolean leading = true;
  /** Moves on at each lead(), so that every poller asks its cluster for a full report. */
  private final java.util.concurrent.atomic.AtomicLong term = new java.util.concurrent.atomic.AtomicLong();
  /** How often a follower asks each cluster whether it answers: it starts applying within this of taking the lead. */
  static final Duration FOLLOWER_POLL = Duration.ofSeconds(1);
  /** An id no instance has: a follower's DescribeInstances asks for it, so the answer is empty. */
  private static final String NO_INSTANCE = "i-00000000";
  /** Clusters whose first report since the start has settled the earlier run's pending instances. */
  private final java.util.Set<String> settled = ConcurrentHashMap.newKeySet();
  private final LaunchResumer resumer;
  /** Clusters whose last report skipped rows other transactions held: the same report is applied again shortly. */
  private final java.util.Set<String> retrySoon = ConcurrentHashMap.newKeySet();
  /** Each cluster's last report applied, and when a round last compared a whole report with the database. */
  private final Map<String, ReportDigest> digests = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastComplete = new ConcurrentHashMap<>();

  /** Sends launches an earlier run left half done to their cluster again. */
  @FunctionalInterface
  public interface LaunchResumer {
    /** Returns false when the cluster could not be reached, so that its next report tries again. */
    boolean resume(String cluster, List<String> instanceIds);
  }

  /**
   * What one report asks of the cluster: instances to terminate, instances stopping to stop cleanly
   * (StopInstances), interrupted launches to send again; and the instances it found stopped.
   */
  record Settlement(List<String> toStop, List<String> toResume, List<String> toStopCleanly, List<String> stopped) {
    Settlement(List<String> toStop, List<String> toResume) {
      this(toStop, toResume, List.of(), List.of());
    }
  }

  /** Told of every report a cluster gives, once it is applied (the volumes' attachments follow it). */
  @FunctionalInterface
  public interface ReportListener {
    /**
     * The instances of a report: all the cluster has ({@code complete}), or those whose report
     * changed since the previous one.
     */
    void reported(String cluster, List<CcInstanceType> instances, boolean complete);

    /** The instances this report found stopped (StopInstances): their domains are gone. */
    default void stopped(String cluster, List<String> instanceIds) {}
  }

  private final ReportListener listener;

  public ClusterStateSync(Database db, ClusterRegistry registry, ClusterClients clients, Clock clock,
      java.util.function.Supplier<Duration> lostAfter, Runnable afterChange, LaunchResumer resumer) {
    this(db, registry, clients, clock, lostAfter, afterChange, resumer, (cluster, instances, complete) -> { });
  }

  public ClusterStateSync(Database db, ClusterRegistry registry, ClusterClients clients, Clock clock,
      java.util.function.Supplier<Duration> lostAfter, Runnable afterChange, LaunchResumer resumer,
      ReportListener listener) {
    this.listener = listener;
    this.resumer = resumer;
    this.afterChange = afterChange;
    this.db = db;
    this.registry = registry;
    this.clients = clients;
    this.clock = clock;
    this.lostAfter = lostAfter;
    this.startedAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  /**
   * This front end leads: from the pollers' next full reports on, it applies them, as after a start
   * (interrupted launches resumed, lost instances counted from now).
   */
  public void lead() {
    missingSince.clear();
    settled.clear();
    digests.clear(); // what the cluster reported while another front end led is not known here
    lastComplete.clear();
    startedAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    leading = true;
    term.incrementAndGet();
  }

  /** This front end follows: its pollers stop applying reports and only watch the clusters answer. */
  public void follow() {
    leading = false;
    term.incrementAndGet();
  }

  /** Starts a poller for every registered cluster that has none. */
  public void start() {
    for (Cluster c : registry.list()) {
      pollers.computeIfAbsent(c.name(), name -> {
        Thread t = new Thread(() -> pollLoop(name), "clc-sync-" + name);
        t.setDaemon(true);
        t.start();
        return t;
      });
    }
  }

  public boolean isReachable(String cluster) {
    return reachable.getOrDefault(cluster, false);
  }

  /**
   * The leader's long poll of a cluster since {@code since} (the version of its last report, or
   * {@link #FULL_REPORT_NOW}): only what changed after it unless a complete round is due, and each
   * instance brief (the sync reads none of what its launch gave: its boot records and user data, up
   * to 16 KB an instance, in every report).
   */
  DescribeInstances pollRequest(String clusterName, long since) {
    DescribeInstances req = new DescribeInstances();
    req.setSinceVersion(since);
    req.setWaitMillis((int) ClusterClients.LONG_POLL.toMillis());
    if (since != FULL_REPORT_NOW && !completeRoundDue(clusterName)) {
      req.setChangesOnly(true); // only what changed since the last report: a poll costs the changes
    }
    req.setBrief(true);
    return req;
  }

  /** A follower's call: an answer at once, and a small one (only whether the cluster answers). */
  static DescribeInstances followerRequest() {
    DescribeInstances req = new DescribeInstances();
    req.getInstanceIds().add(NO_INSTANCE);
    return req;
  }

  private void pollLoop(String clusterName) {
    long since = FULL_REPORT_NOW;
    long backoffMs = 250;
    long seenTerm = term.get();
    while (running) {
      if (seenTerm != term.get()) {
        seenTerm = term.get();
        since = FULL_REPORT_NOW; // a new leader's first report is a full one
      }
      Cluster cluster = registry.find(clusterName).orElse(null);
      if (cluster == null) {
        // Deregistered: this poller ends, and a cluster registered again by that name gets a new one.
        pollers.remove(clusterName);
        reachable.remove(clusterName);
        forgetReports(clusterName);
        missingSince.remove(clusterName);
        return;
      }
      try {
        boolean applying = leading;
        DescribeInstances req = applying ? pollRequest(clusterName, since) : followerRequest();
        DescribeInstancesResponse resp = clients.forCluster(cluster).describeInstances(req);
        if (!running) {
          return;
        }
        if (!applying || !leading || seenTerm != term.get()) {
          // Following (or the lead changed during the poll): the cluster answers, nothing is applied.
          since = FULL_REPORT_NOW;
          markReachable(clusterName, cluster);
          backoffMs = 250;
          if (!applying) {
            sleep(FOLLOWER_POLL.toMillis());
          }
          continue;
        }
        boolean whole = resp.isComplete() == null || resp.isComplete();
        if (!whole && !digests.containsKey(clusterName)) {
          since = FULL_REPORT_NOW; // changes since a report forgotten meanwhile (the lead moved): ask for all
          continue;
        }
        Settlement settlement = take(clusterName, resp.getInstances(), whole, resp.getGoneInstanceIds());
        stopOnCluster(cluster, settlement.toStop(), false);
        stopOnCluster(cluster, settlement.toStopCleanly(), true);
        if (!settlement.toResume().isEmpty() && resumer.resume(clusterName, settlement.toResume())) {
          settled.add(clusterName);
          afterChange.run();
        }
        if (retrySoon.remove(clusterName)) {
          sleep(RETRY_PAUSE_MS); // 'since' stays: the cluster answers at once, and the skipped rows are seen again
        } else {
          since = resp.getVersion() == null ? 0 : resp.getVersion();
        }
        markReachable(clusterName, cluster);
        backoffMs = 250;
      } catch (RuntimeException | Error | org.eucalyptus.wsdl.types.EucalyptusFault_Exception e) {
        if (!running) {
          return;
        }
        if (reachable.getOrDefault(clusterName, true)) {
          LOG.warn("cluster {} not answering: {}", clusterName, e.toString());
        }
        reachable.put(clusterName, false);
        forgetReports(clusterName);
        since = FULL_REPORT_NOW;
        sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 5000);
      }
    }
  }

  private void markReachable(String clusterName, Cluster cluster) {
    if (!reachable.getOrDefault(clusterName, false)) {
      LOG.info("cluster {} is reachable at {}", clusterName, cluster.serviceUrl());
    }
    reachable.put(clusterName, true);
  }

  /** The pause before a report that skipped busy rows is asked for again. */
  private static final long RETRY_PAUSE_MS = 20;

  /**
   * One report of a cluster, applied, with what follows it (addresses reclaimed, attachments
   * followed). The report is compared with the cluster's previous one ({@link ReportDigest}): only
   * the instances whose report changed, and those no longer reported, are read and locked, so a
   * round costs the database what changed, not what the cluster holds. Until the cluster is settled
   * after a start, and then every {@link #COMPLETE_ROUND_EVERY}, the round is complete: the whole
   * report against the cluster's live rows, for what only the database can have changed (a launch the
   * cluster lost, a terminate it missed, an instance it stopped reporting).
   */
  Settlement take(String clusterName, List<CcInstanceType> report) {
    return take(clusterName, report, true, List.of());
  }

  /**
   * As {@link #take(String, List)}, of a report that is either {@code whole} (all the cluster has)
   * or only the instances that changed since the previous report and the ids the cluster forgot
   * ({@code forgotten}): such a round is never complete, and the poller asks for a whole report
   * when a complete round is due.
   */
  Settlement take(String clusterName, List<CcInstanceType> report, boolean whole, List<String> forgotten) {
    ReportDigest digest = digests.get(clusterName);
    if (!whole && digest == null) {
      // Changes since a report this front end no longer holds (forgotten after an error): asked whole next.
      throw new IllegalStateException("a report of changes for cluster " + clusterName + " without its previous report");
    }
    if (digest == null) {
      digest = digests.computeIfAbsent(clusterName, k -> new ReportDigest());
    }
    ReportDigest.Changes changes = whole ? digest.compare(report) : digest.compareChanges(report, forgotten);
    Instant now = clock.instant();
    boolean complete = whole && completeRoundDue(clusterName);
    Settlement settlement;
    if (complete) {
      settlement = apply(clusterName, report);
    } else if (changes.none()) {
      settlement = new Settlement(List.of(), List.of());
    } else {
      settlement = applyChanges(clusterName, changes.changed(), changes.gone());
    }
    afterChange.run();
    if (complete || !changes.changed().isEmpty()) {
      listener.reported(clusterName, complete ? report : changes.changed(), complete);
    }
    if (!settlement.stopped().isEmpty()) {
      listener.stopped(clusterName, settlement.stopped());
    }
    if (!retrySoon.contains(clusterName)) {
      // A round that skipped rows other transactions held is neither remembered nor counted complete:
      // the same report, asked for again at once, brings those rows in line.
      digest.accept(changes);
      if (complete) {
        lastComplete.put(clusterName, now);
      }
    }
    return settlement;
  }

  /** How often a round compares the whole report with the database, however often the cluster reports. */
  static final Duration COMPLETE_ROUND_EVERY = Duration.ofSeconds(5);
  /** Up to this many instances a cluster's complete rounds come every {@link #COMPLETE_ROUND_EVERY}; beyond, less often. */
  static final int COMPLETE_ROUND_INSTANCES = 2000;

  /**
   * How long between a cluster's complete rounds when it reports {@code instances}: 5 s up to 2,000, and
   * longer in proportion beyond (25 s at 10,000). A complete round costs every instance (the whole
   * report, 37 MB of XML at 10,000, made, sent, parsed and compared), so at a fixed period its cost
   * grew with the cloud; this way it stays that of 2,000 instances every 5 s. What only a complete
   * round catches (a terminate the cluster missed, sent again; an instance lost) waits that much longer.
   */
  static Duration completeRoundEvery(int instances) {
    return COMPLETE_ROUND_EVERY.multipliedBy(Math.max(1, (instances + COMPLETE_ROUND_INSTANCES - 1)
        / COMPLETE_ROUND_INSTANCES));
  }

  /** Whether the cluster's next round is to be complete: not settled since the start yet, or none for a while. */
  private boolean completeRoundDue(String clusterName) {
    Instant last = lastComplete.get(clusterName);
    ReportDigest digest = digests.get(clusterName);
    return !settled.contains(clusterName) || last == null || Duration.between(last, clock.instant())
        .compareTo(completeRoundEvery(digest == null ? 0 : digest.size())) >= 0;
  }

  private Map<String, Instant> missing(String clusterName) {
    return missingSince.computeIfAbsent(clusterName, k -> new ConcurrentHashMap<>());
  }

  /** How many instances of the cluster are counted as missing (what the sync keeps per instance not reported). */
  int missingCount(String clusterName) {
    return missing(clusterName).size();
  }

  /** The cluster's next report is compared with the database whole (after an error, or a lost connection). */
  private void forgetReports(String clusterName) {
    digests.remove(clusterName);
    lastComplete.remove(clusterName);
  }

  /** A version no cluster is at: the cluster answers at once, with all it has. */
  static final long FULL_REPORT_NOW = -1;

  private static final String LIVE_STATES = "('pending', 'running', 'shutting-down', 'stopping')";

  /** What one round asks of the cluster and tells the listeners, gathered while it runs. */
  private static final class Outcome {
    final List<String> toStop = new java.util.ArrayList<>();
    final List<String> toResume = new java.util.ArrayList<>();
    final List<String> toStopCleanly = new java.util.ArrayList<>();
    final List<String> stopped = new java.util.ArrayList<>();

    Settlement settlement() {
      java.util.Collections.sort(toStop);
      java.util.Collections.sort(toStopCleanly);
      return new Settlement(toStop, toResume, toStopCleanly, stopped);
    }

    /** A reported launch the CLC has ended, or is ending: the cluster is asked (again) to stop it. */
    void stillOnCluster(String instanceId, InstanceState state) {
      switch (state) {
        case STOPPING -> toStopCleanly.add(instanceId);
        case SHUTTING_DOWN, TERMINATED, STOPPED -> toStop.add(instanceId);
        default -> { }
      }
    }
  }

  /** A live instance's row as read without its lock: enough to tell whether a report changes it. */
  private record LiveRow(String instanceId, InstanceState state, String launchUuid, Instant launchTime,
      String[] placement) {
    static LiveRow of(Object[] c) {
      return new LiveRow((String) c[0], InstanceState.fromApiName((String) c[1]), (String) c[2], (Instant) c[3],
          new String[] {(String) c[4], (String) c[5], (String) c[6], (String) c[7]});
    }
  }

  private static Map<String, CcInstanceType> byLowerCaseId(List<CcInstanceType> reported) {
    Map<String, CcInstanceType> byId = new HashMap<>();
    // Ids in lower case, as the CLC keeps them (instances launched before that keep upper-case ids on their nodes).
    reported.forEach(i -> byId.put(i.getInstanceId().toLowerCase(java.util.Locale.ROOT), i));
    return byId;
  }

  /**
   * Applies one complete report of a cluster's instances; returns the instances the cluster should
   * stop (it runs them, or may be about to, while the CLC holds them as terminated or shutting
   * down), and until the cluster is settled, the earlier run's launches to send it again. The
   * cluster's live rows are read in one query without locks; only those the report changes (or
   * that have been missing too long) are then locked and written.
   */
  Settlement apply(String clusterName, List<CcInstanceType> reported) {
    Instant now = clock.instant();
    Map<String, CcInstanceType> byId = byLowerCaseId(reported);
    boolean firstReport = !settled.contains(clusterName);
    Outcome out = new Outcome();
    long t0 = System.nanoTime();
    db.run(s -> {
      Map<String, InstanceState> liveNow = new HashMap<>();
      // Read without locks; only the rows the report changes are then locked (lockedOrSkipped).
      List<LiveRow> live = s.createQuery("select instanceId, state, launchUuid, launchTime, node, privateIp, publicIp,"
              + " macAddress from Instance where cluster = :c and state in " + LIVE_STATES + " order by instanceId",
              Object[].class)
          .setParameter("c", clusterName).list().stream().map(LiveRow::of).toList();
      java.util.SortedMap<String, java.util.Optional<CcInstanceType>> toApply = new java.util.TreeMap<>();
      for (LiveRow row : live) {
        String id = row.instanceId();
        liveNow.put(id, row.state());
        CcInstanceType r = byId.get(id);
        if (r != null && !Instance.isCurrentLaunch(id, row.launchUuid(), r.getUuid())) {
          r = null; // the launch a StartInstances replaced (torn down at the stop): not this one
        }
        if (r == null && firstReport && row.state() == InstanceState.PENDING && row.launchTime().isBefore(startedAt)) {
          LOG.warn("instance {} was being launched when the cloud controller stopped, and cluster {} does not have it:"
              + " launching it again", id, clusterName);
          out.toResume.add(id);
          continue;
        }
        if (changes(s, clusterName, row, r, now)) {
          toApply.put(id, java.util.Optional.ofNullable(r));
        }
      }
      Map<String, Instance> locked = lockedOrSkipped(s, List.copyOf(toApply.keySet()), clusterName);
      for (Map.Entry<String, java.util.Optional<CcInstanceType>> e : toApply.entrySet()) {
        Instance inst = locked.get(e.getKey());
        if (inst == null || inst.state() == InstanceState.TERMINATED) {
          continue; // held by another transaction (applied again shortly), or ended since the rows were read
        }
        follow(s, inst, e.getValue().orElse(null), now, out);
        liveNow.put(e.getKey(), inst.state());
      }
      List<String> elsewhere = new java.util.ArrayList<>();
      for (CcInstanceType r : reported) {
        if ("Teardown".equals(r.getStateName())) {
          continue;
        }
        String id = r.getInstanceId().toLowerCase(java.util.Locale.ROOT);
        InstanceState state = liveNow.get(id);
        if (state == null) {
          elsewhere.add(id);
        } else {
          out.stillOnCluster(id, state);
        }
      }
      // An instance that ended otherwise (terminated by its owner while missing) is no longer counted.
      missing(clusterName).keySet().retainAll(liveNow.keySet());
      if (!elsewhere.isEmpty()) {
        // Terminated or stopped here: a terminate the cluster could not carry out (its node was down, or
        // the cluster itself) is sent again with every complete round until the instance is gone. A stop is
        // sent again as a clean one: the node goes on with a stop under way, and starts one that never
        // arrived (a Force the cluster missed then gives the guest its grace period).
        for (Object[] row : s.createQuery("select instanceId, state from Instance where instanceId in (:ids)"
                + " and state in ('terminated', 'shutting-down', 'stopping', 'stopped') order by instanceId", Object[].class)
            .setParameterList("ids", elsewhere).list()) {
          out.stillOnCluster((String) row[0], InstanceState.fromApiName((String) row[1]));
        }
      }
    });
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (ms > 1000) {
      LOG.info("a report of {} instances from cluster {} took {} ms to apply", reported.size(), clusterName, ms);
    }
    if (out.toResume.isEmpty()) {
      settled.add(clusterName);
    }
    return out.settlement();
  }

  /**
   * Whether report {@code r} (null: not reported) changes this live row, or its absence has lasted long
   * enough to; an absence only noted, or a report that changes nothing, takes no lock and writes nothing.
   */
  private boolean changes(org.hibernate.Session s, String clusterName, LiveRow row, CcInstanceType r, Instant now) {
    String id = row.instanceId();
    if (r == null) {
      if (row.state() == InstanceState.PENDING && row.placement()[0] == null && awaitingVolumes(s, id)) {
        missing(clusterName).remove(id); // not sent to the cluster until its storage controller has made them
        return false;
      }
      if (row.state() == InstanceState.STOPPING || row.state() == InstanceState.SHUTTING_DOWN) {
        return true;
      }
      Instant since = missing(clusterName).computeIfAbsent(id, k -> now);
      return Duration.between(since, now).compareTo(lostAfter.get()) >= 0;
    }
    missing(clusterName).remove(id);
    NetConfigType net = r.getNetParams();
    return "Teardown".equals(r.getStateName())
        || ("Extant".equals(r.getStateName()) && row.state().canMoveTo(InstanceState.RUNNING))
        || Instance.placementChanges(row.state(), row.placement(), r.getServiceTag(),
            net == null ? null : net.getPrivateIp(), net == null ? null : net.getPublicIp(),
            net == null ? null : net.getPrivateMacAddress());
  }

  /**
   * Applies the part of a report that changed since the cluster's previous one: each instance whose
   * report is new or changed, and each no longer reported, locked in id order and brought in line;
   * nothing else is read.
   */
  Settlement applyChanges(String clusterName, List<CcInstanceType> changed, List<String> gone) {
    Instant now = clock.instant();
    Map<String, CcInstanceType> byId = byLowerCaseId(changed);
    java.util.SortedSet<String> ids = new java.util.TreeSet<>(byId.keySet());
    ids.addAll(gone);
    Outcome out = new Outcome();
    db.run(s -> {
      Map<String, Instance> locked = lockedOrSkipped(s, List.copyOf(ids), clusterName);
      for (String id : ids) {
        Instance inst = locked.get(id);
        if (inst == null || !inst.cluster().equals(clusterName)) {
          continue;
        }
        CcInstanceType r = byId.get(id);
        boolean live = inst.state() == InstanceState.PENDING || inst.state() == InstanceState.RUNNING
            || inst.state() == InstanceState.SHUTTING_DOWN || inst.state() == InstanceState.STOPPING;
        if (live) {
          follow(s, inst, r != null && inst.isCurrentLaunch(r.getUuid()) ? r : null, now, out);
        }
        if (r != null && !"Teardown".equals(r.getStateName())) {
          out.stillOnCluster(id, inst.state());
        }
      }
    });
    return out.settlement();
  }

  /** Brings one live, locked instance in line with its report {@code r} (null: the cluster does not report it). */
  private void follow(org.hibernate.Session s, Instance inst, CcInstanceType r, Instant now, Outcome out) {
    InstanceState before = inst.state();
    if (r == null && before == InstanceState.PENDING && inst.node() == null && awaitingVolumes(s, inst.instanceId())) {
      missing(inst.cluster()).remove(inst.instanceId()); // not sent to the cluster until its storage controller has made them
      return;
    }
    if (r == null) {
      noteMissing(inst, now);
    } else {
      missing(inst.cluster()).remove(inst.instanceId());
      if (r.getNetParams() != null) {
        inst.placed(r.getServiceTag(), r.getNetParams().getPrivateIp(), r.getNetParams().getPublicIp(),
            r.getNetParams().getPrivateMacAddress());
      } else {
        inst.placed(r.getServiceTag(), null, null);
      }
      switch (r.getStateName()) {
        case "Extant" -> inst.advance(InstanceState.RUNNING, null, now);
        case "Teardown" -> ended(inst, r, now);
        default -> { }
      }
    }
    if (before == InstanceState.STOPPING && inst.state() == InstanceState.STOPPED) {
      out.stopped.add(inst.instanceId());
    }
  }

  /**
   * The rows of these instances that no other transaction holds, locked, in a few statements; rows
   * another transaction holds (a launch recording what its cluster placed) are skipped, not waited
   * for: the sync never waits for a lock while it holds others, so no launch waits behind a report
   * that waits behind another launch, and a report of hundreds of changes holds its rows for the
   * time of a few queries. A report that skipped rows is applied again shortly ({@link #retrySoon}).
   */
  private Map<String, Instance> lockedOrSkipped(org.hibernate.Session s, List<String> ids, String clusterName) {
    Map<String, Instance> out = new HashMap<>();
    for (int from = 0; from < ids.size(); from += LOCK_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + LOCK_CHUNK));
      s.createQuery("from Instance where instanceId in (:ids)", Instance.class)
          .setParameterList("ids", chunk).setHibernateLockMode(org.hibernate.LockMode.UPGRADE_SKIPLOCKED).list()
          .forEach(i -> out.put(i.instanceId(), i));
    }
    if (out.size() < ids.size()) {
      // Skipped, or not there at all (an id the cluster reports that the CLC never had): only the first
      // makes the report worth applying again.
      List<String> notHad = ids.stream().filter(id -> !out.containsKey(id)).toList();
      long there = s.createQuery("select count(*) from Instance where instanceId in (:ids)", Long.class)
          .setParameterList("ids", notHad).getSingleResult();
      if (there > 0) {
        retrySoon.add(clusterName);
      }
    }
    return out;
  }

  private static final int LOCK_CHUNK = 200;

  private void stopOnCluster(Cluster cluster, List<String> instanceIds, boolean cleanly) {
    if (instanceIds.isEmpty()) {
      return;
    }
    org.eucalyptus.wsdl.cc.TerminateInstances req = new org.eucalyptus.wsdl.cc.TerminateInstances();
    req.getInstanceIds().addAll(instanceIds);
    if (cleanly) {
      req.setGraceful(true);
    }
    try {
      clients.forCluster(cluster).terminateInstances(req);
      LOG.info("asked cluster {} to stop {}, terminated here", cluster.name(), instanceIds);
    } catch (RuntimeException | org.eucalyptus.wsdl.types.EucalyptusFault_Exception e) {
      LOG.warn("cluster {} did not take the terminate of {}: {}", cluster.name(), instanceIds, e.toString());
    }
  }

  /** Whether a launch's volumes of this instance are still being made (its launch waits for them). */
  private static boolean awaitingVolumes(org.hibernate.Session s, String instanceId) {
    return s.createQuery("select count(*) from VolumeAttachment a, Volume v where a.instanceId = :i"
        + " and v.volumeId = a.volumeId and v.state = 'creating'", Long.class).setParameter("i", instanceId)
        .uniqueResult() > 0;
  }

  /** The instance's launch ended on its node: terminated, or stopped (StopInstances), or a start that failed. */
  private static void ended(Instance inst, CcInstanceType r, Instant now) {
    switch (inst.state()) {
      case STOPPING -> inst.advance(InstanceState.STOPPED, STOPPED_BY_USER, now);
      case SHUTTING_DOWN -> inst.advance(InstanceState.TERMINATED, null, now);
      default -> {
        if (!inst.startFailed(reasonOr(r, "Server.InternalError: the instance did not start on its node"), now)) {
          inst.advance(InstanceState.TERMINATED, reasonOr(r, "Instance stopped on its node"), now);
        }
      }
    }
  }

  /** EC2's state reason of an instance stopped by StopInstances. */
  public static final String STOPPED_BY_USER = "Client.UserInitiatedShutdown: User initiated shutdown";

  private void noteMissing(Instance inst, Instant now) {
    if (inst.state() == InstanceState.STOPPING) {
      inst.advance(InstanceState.STOPPED, STOPPED_BY_USER, now);
      missing(inst.cluster()).remove(inst.instanceId());
      return;
    }
    if (inst.state() == InstanceState.SHUTTING_DOWN) {
      inst.advance(InstanceState.TERMINATED, null, now);
      missing(inst.cluster()).remove(inst.instanceId());
      return;
    }
    Instant since = missing(inst.cluster()).computeIfAbsent(inst.instanceId(), k -> now);
    if (Duration.between(since, now).compareTo(lostAfter.get()) >= 0) {
      LOG.warn("instance {} not reported by cluster {} for {} s: terminated", inst.instanceId(), inst.cluster(),
          lostAfter.get().toSeconds());
      if (!inst.startFailed("Server.InternalError: the instance was no longer reported by its cluster", now)) {
        inst.advance(InstanceState.TERMINATED, "Instance no longer reported by its cluster", now);
      }
      missing(inst.cluster()).remove(inst.instanceId());
    }
  }

  private static String reasonOr(CcInstanceType r, String fallback) {
    String reason = r.getStateReason();
    return reason == null || reason.isEmpty() ? fallback : truncate(reason);
  }

  private static String truncate(String s) {
    return s.length() > 250 ? s.substring(0, 250) : s;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    pollers.values().forEach(Thread::interrupt);
  }
}
