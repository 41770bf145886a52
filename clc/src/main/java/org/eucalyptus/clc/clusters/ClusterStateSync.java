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
import org.eucalyptus.wsdl.cc.CcInstanceType;
import org.eucalyptus.wsdl.cc.DescribeInstances;
import org.eucalyptus.wsdl.cc.DescribeInstancesResponse;

/**
 * Keeps the database's instance states in step with what each cluster reports. One thread per
 * cluster long-polls the CC's DescribeInstances, so a change on a node reaches the CLC in
 * milliseconds (Eucalyptus 3.1 polled every 15–20 s). The CC's report is the truth for running
 * instances; the CLC only moves states forward.
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

  public ClusterStateSync(Database db, ClusterRegistry registry, ClusterClients clients, Clock clock,
      java.util.function.Supplier<Duration> lostAfter, Runnable afterChange) {
    this.afterChange = afterChange;
    this.db = db;
    this.registry = registry;
    this.clients = clients;
    this.clock = clock;
    this.lostAfter = lostAfter;
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
    long since = 0;
    long backoffMs = 250;
    while (running) {
      Cluster cluster = registry.find(clusterName).orElse(null);
      if (cluster == null) {
        // Deregistered: this poller ends, and a cluster registered again by that name gets a new one.
        pollers.remove(clusterName);
        reachable.remove(clusterName);
        return;
      }
      try {
        DescribeInstances req = new DescribeInstances();
        req.setSinceVersion(since);
        req.setWaitMillis((int) ClusterClients.LONG_POLL.toMillis());
        DescribeInstancesResponse resp = clients.forCluster(cluster).describeInstances(req);
        if (!running) {
          return;
        }
        apply(clusterName, resp.getInstances());
        afterChange.run();
        since = resp.getVersion() == null ? 0 : resp.getVersion();
        if (!reachable.getOrDefault(clusterName, false)) {
          LOG.info("cluster {} is reachable at {}", clusterName, cluster.serviceUrl());
        }
        reachable.put(clusterName, true);
        backoffMs = 250;
      } catch (RuntimeException | Error | org.eucalyptus.wsdl.cc.EucalyptusFault_Exception e) {
        if (!running) {
          return;
        }
        if (reachable.getOrDefault(clusterName, true)) {
          LOG.warn("cluster {} not answering: {}", clusterName, e.toString());
        }
        reachable.put(clusterName, false);
        since = 0;
        sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 5000);
      }
    }
  }

  /** Applies one full report of a cluster's instances. */
  void apply(String clusterName, List<CcInstanceType> reported) {
    Instant now = clock.instant();
    Map<String, CcInstanceType> byId = new HashMap<>();
    reported.forEach(i -> byId.put(i.getInstanceId(), i));
    db.run(s -> {
      List<Instance> live = s.createQuery(
              "from Instance where cluster = :c and state in ('pending', 'running', 'shutting-down')"
                  + " order by instanceId", Instance.class)
          .setParameter("c", clusterName)
          .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE) // same order as InstanceService
          .list();
      for (Instance inst : live) {
        CcInstanceType r = byId.get(inst.instanceId());
        if (r == null) {
          noteMissing(inst, now);
          continue;
        }
        missingSince.remove(inst.instanceId());
        if (r.getNetParams() != null) {
          inst.placed(r.getServiceTag(), r.getNetParams().getPrivateIp(), r.getNetParams().getPublicIp());
        } else {
          inst.placed(r.getServiceTag(), null, null);
        }
        switch (r.getStateName()) {
          case "Extant" -> inst.advance(InstanceState.RUNNING, null, now);
          case "Teardown" -> inst.advance(InstanceState.TERMINATED,
              inst.state() == InstanceState.SHUTTING_DOWN ? null : reasonOr(r, "Instance stopped on its node"), now);
          default -> { }
        }
      }
    });
  }

  private void noteMissing(Instance inst, Instant now) {
    if (inst.state() == InstanceState.SHUTTING_DOWN) {
      inst.advance(InstanceState.TERMINATED, null, now);
      missingSince.remove(inst.instanceId());
      return;
    }
    Instant since = missingSince.computeIfAbsent(inst.instanceId(), k -> now);
    if (Duration.between(since, now).compareTo(lostAfter.get()) >= 0) {
      LOG.warn("instance {} not reported by cluster {} for {} s: terminated", inst.instanceId(), inst.cluster(),
          lostAfter.get().toSeconds());
      inst.advance(InstanceState.TERMINATED, "Instance no longer reported by its cluster", now);
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
