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
  /** Live instances the CC did not report, and since when: terminated once missing for {@link #lostAfter}. */
  private final Map<String, Instant> missingSince = new ConcurrentHashMap<>();
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
    void reported(String cluster, List<CcInstanceType> instances);

    /** The instances this report found stopped (StopInstances): their domains are gone. */
    default void stopped(String cluster, List<String> instanceIds) {}
  }

  private final ReportListener listener;

  public ClusterStateSync(Database db, ClusterRegistry registry, ClusterClients clients, Clock clock,
      java.util.function.Supplier<Duration> lostAfter, Runnable afterChange, LaunchResumer resumer) {
    this(db, registry, clients, clock, lostAfter, afterChange, resumer, (cluster, instances) -> { });
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
        return;
      }
      try {
        DescribeInstances req = new DescribeInstances();
        boolean applying = leading;
        if (applying) {
          req.setSinceVersion(since);
          req.setWaitMillis((int) ClusterClients.LONG_POLL.toMillis());
        } else {
          req.getInstanceIds().add(NO_INSTANCE); // an answer at once, and a small one: only whether it answers
        }
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
        Settlement settlement = apply(clusterName, resp.getInstances());
        afterChange.run();
        listener.reported(clusterName, resp.getInstances());
        if (!settlement.stopped().isEmpty()) {
          listener.stopped(clusterName, settlement.stopped());
        }
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

  /** A version no cluster is at: the cluster answers at once, with all it has. */
  private static final long FULL_REPORT_NOW = -1;

  /**
   * Applies one full report of a cluster's instances; returns the instances the cluster should
   * stop (it runs them, or may be about to, while the CLC holds them as terminated or shutting
   * down), and until the cluster is settled, the earlier run's launches to send it again.
   */
  Settlement apply(String clusterName, List<CcInstanceType> reported) {
    Instant now = clock.instant();
    Map<String, CcInstanceType> byId = new HashMap<>();
    // Ids in lower case, as the CLC keeps them (instances launched before that keep upper-case ids on their nodes).
    reported.forEach(i -> byId.put(i.getInstanceId().toLowerCase(java.util.Locale.ROOT), i));
    boolean firstReport = !settled.contains(clusterName);
    List<String> toStop = new java.util.ArrayList<>();
    List<String> toResume = new java.util.ArrayList<>();
    List<String> toStopCleanly = new java.util.ArrayList<>();
    List<String> stopped = new java.util.ArrayList<>();
    long t0 = System.nanoTime();
    db.run(s -> {
      // Only rows the report may change are locked, and those without waiting (rows another transaction
      // holds are skipped: see lockedOrSkipped): a report of thousands of instances does not hold them all
      // while launches wait to record theirs (issue 20). Never waiting, the sync cannot deadlock either.
      List<Instance> live = s.createQuery(
              "select instanceId, state, node, privateIp, publicIp, macAddress, launchUuid from Instance"
                  + " where cluster = :c and state in ('pending', 'running', 'shutting-down', 'stopping')"
                  + " order by instanceId", Object[].class)
          .setParameter("c", clusterName).list().stream()
          .filter(row -> !reportedAsIs(row, byId.get((String) row[0])))
          .map(row -> (String) row[0]).collect(java.util.stream.Collectors.collectingAndThen(
              java.util.stream.Collectors.toList(), ids -> lockedOrSkipped(s, ids, clusterName)))
          .stream().filter(i -> i.state() != InstanceState.TERMINATED) // ended since the ids were read
          .toList();
      List<Instance> stopping = live.stream().filter(i -> i.state() == InstanceState.STOPPING).toList();
      for (Instance inst : live) {
        CcInstanceType r = byId.get(inst.instanceId());
        if (r != null && !inst.isCurrentLaunch(r.getUuid())) {
          r = null; // the launch a StartInstances replaced (torn down at the stop): not this one
        }
        if (r == null && firstReport && inst.state() == InstanceState.PENDING && inst.launchTime().isBefore(startedAt)) {
          LOG.warn("instance {} was being launched when the cloud controller stopped, and cluster {} does not have it:"
              + " launching it again", inst.instanceId(), clusterName);
          toResume.add(inst.instanceId());
          continue;
        }
        if (r == null && inst.state() == InstanceState.PENDING && inst.node() == null
            && awaitingVolumes(s, inst.instanceId())) {
          missingSince.remove(inst.instanceId()); // not sent to the cluster until its storage controller has made them
          continue;
        }
        if (r == null) {
          noteMissing(inst, now);
          continue;
        }
        missingSince.remove(inst.instanceId());
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
      stopping.stream().filter(i -> i.state() == InstanceState.STOPPED).forEach(i -> stopped.add(i.instanceId()));
      List<String> stillThere = reported.stream().filter(r -> !"Teardown".equals(r.getStateName()))
          .map(r -> r.getInstanceId().toLowerCase(java.util.Locale.ROOT)).toList();
      if (!stillThere.isEmpty()) {
        // Terminated or stopped here, or on the way: a terminate the cluster could not carry out (its node
        // was down, or the cluster itself) is sent again with every report until the instance is gone.
        // A stop is sent again as a clean one: the node goes on with a stop under way, and starts one that
        // never arrived (a Force the cluster missed then gives the guest its grace period).
        for (Object[] row : s.createQuery("select instanceId, state from Instance where instanceId in (:ids)"
                + " and state in ('terminated', 'shutting-down', 'stopping', 'stopped') order by instanceId", Object[].class)
            .setParameterList("ids", stillThere).list()) {
          (InstanceState.STOPPING.apiName().equals(row[1]) ? toStopCleanly : toStop)
              .add((String) row[0]);
        }
      }
    });
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (ms > 1000) {
      LOG.info("a report of {} instances from cluster {} took {} ms to apply", reported.size(), clusterName, ms);
    }
    if (toResume.isEmpty()) {
      settled.add(clusterName);
    }
    return new Settlement(toStop, toResume, toStopCleanly, stopped);
  }

  /**
   * The rows of these instances that no other transaction holds, locked, in a few statements; rows
   * another transaction holds (a launch recording what its cluster placed) are skipped, not waited
   * for: the sync never waits for a lock while it holds others, so no launch waits behind a report
   * that waits behind another launch, and a report of hundreds of changes holds its rows for the
   * time of a few queries. A report that skipped rows is applied again shortly ({@link #retrySoon}).
   */
  private List<Instance> lockedOrSkipped(org.hibernate.Session s, List<String> ids, String clusterName) {
    List<Instance> out = new java.util.ArrayList<>();
    for (int from = 0; from < ids.size(); from += LOCK_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + LOCK_CHUNK));
      out.addAll(s.createQuery("from Instance where instanceId in (:ids)", Instance.class)
          .setParameterList("ids", chunk).setHibernateLockMode(org.hibernate.LockMode.UPGRADE_SKIPLOCKED).list());
    }
    if (out.size() < ids.size()) {
      retrySoon.add(clusterName); // skipped, or gone since the ids were read
    }
    out.sort(java.util.Comparator.comparing(Instance::instanceId));
    return out;
  }

  private static final int LOCK_CHUNK = 200;

  /**
   * Whether report {@code r} shows a live row (instanceId, state, node, privateIp, publicIp, macAddress,
   * launchUuid, read without a lock) just as it is: the same launch, pending or running as recorded,
   * on the recorded node with the recorded addresses. Applying it would change nothing, so the row is
   * not locked; anything else goes through the locked path.
   */
  private boolean reportedAsIs(Object[] row, CcInstanceType r) {
    if (r == null || r.getServiceTag() == null) {
      return false;
    }
    String uuid = r.getUuid();
    boolean sameLaunch = uuid == null || uuid.isEmpty() || uuid.equalsIgnoreCase(
        row[6] == null ? (String) row[0] : (String) row[6]);
    boolean sameState = ("Extant".equals(r.getStateName()) && InstanceState.RUNNING.apiName().equals(row[1]))
        || ("Pending".equals(r.getStateName()) && InstanceState.PENDING.apiName().equals(row[1]));
    var net = r.getNetParams();
    boolean same = sameLaunch && sameState && r.getServiceTag().equals(row[2])
        && (net == null || ((unset(net.getPrivateIp()) || net.getPrivateIp().equals(row[3]))
            && (unset(net.getPublicIp()) || net.getPublicIp().equals(row[4]))
            && (net.getPrivateMacAddress() == null || net.getPrivateMacAddress().equalsIgnoreCase((String) row[5]))));
    if (same) {
      missingSince.remove((String) row[0]);
    }
    return same;
  }

  private static boolean unset(String address) {
    return address == null || address.isEmpty() || address.equals("0.0.0.0");
  }

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
      missingSince.remove(inst.instanceId());
      return;
    }
    if (inst.state() == InstanceState.SHUTTING_DOWN) {
      inst.advance(InstanceState.TERMINATED, null, now);
      missingSince.remove(inst.instanceId());
      return;
    }
    Instant since = missingSince.computeIfAbsent(inst.instanceId(), k -> now);
    if (Duration.between(since, now).compareTo(lostAfter.get()) >= 0) {
      LOG.warn("instance {} not reported by cluster {} for {} s: terminated", inst.instanceId(), inst.cluster(),
          lostAfter.get().toSeconds());
      if (!inst.startFailed("Server.InternalError: the instance was no longer reported by its cluster", now)) {
        inst.advance(InstanceState.TERMINATED, "Instance no longer reported by its cluster", now);
      }
      missingSince.remove(inst.instanceId());
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
