package org.eucalyptus.clc.instances;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.clc.clusters.ClusterClients;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.clc.errors.ClusterFailureException;
import org.eucalyptus.clc.errors.InsufficientCapacityException;
import org.eucalyptus.clc.errors.InvalidException;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.NotPermittedException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.errors.UnavailableException;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.vmtypes.VmType;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.common.util.IdSource;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.eucalyptus.wsdl.cc.GetConsoleOutput;
import org.eucalyptus.wsdl.cc.RebootInstances;
import org.eucalyptus.wsdl.cc.TerminateInstances;
import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.eucalyptus.wsdl.types.VirtualMachineType;

/**
 * Finding, rebooting and terminating instances: the work behind the instance actions. Launches are
 * {@link ReservationLauncher}'s job; this class hands them on.
 */
public final class InstanceService {
  private static final Logger LOG = LogManager.getLogger(InstanceService.class);

  private final Database db;
  private final ClusterRegistry clusters;
  private final ClusterClients clients;
  private final Clock clock;
  private final java.util.function.Supplier<Duration> terminatedVisible;
  private final ReservationLauncher launcher;

  public InstanceService(Database db, ClusterRegistry clusters, ClusterClients clients, Clock clock,
      java.util.function.Supplier<Duration> terminatedVisible, java.util.function.Supplier<String> macPrefix,
      AddressStore addresses, org.eucalyptus.clc.images.ImageUrls imageUrls,
      org.eucalyptus.clc.clusters.ClusterNetworks networks) {
    this(db, clusters, clients, clock, terminatedVisible, macPrefix, addresses, imageUrls, networks, new IdSource());
  }

  public InstanceService(Database db, ClusterRegistry clusters, ClusterClients clients, Clock clock,
      java.util.function.Supplier<Duration> terminatedVisible, java.util.function.Supplier<String> macPrefix,
      AddressStore addresses, org.eucalyptus.clc.images.ImageUrls imageUrls,
      org.eucalyptus.clc.clusters.ClusterNetworks networks, IdSource ids) {
    this(db, clusters, clients, clock, terminatedVisible, macPrefix, addresses, imageUrls, networks, ids, null);
  }

  /** @param bootVolumes root volumes of EBS-backed images (null: such launches are refused) */
  public InstanceService(Database db, ClusterRegistry clusters, ClusterClients clients, Clock clock,
      java.util.function.Supplier<Duration> terminatedVisible, java.util.function.Supplier<String> macPrefix,
      AddressStore addresses, org.eucalyptus.clc.images.ImageUrls imageUrls,
      org.eucalyptus.clc.clusters.ClusterNetworks networks, IdSource ids,
      org.eucalyptus.clc.volumes.BootVolumes bootVolumes) {
    this.db = db;
    this.clusters = clusters;
    this.clients = clients;
    this.clock = clock;
    this.terminatedVisible = terminatedVisible;
    this.launcher = new ReservationLauncher(db, clusters, clients, clock, macPrefix, addresses, imageUrls, networks, ids,
        bootVolumes);
  }

  /** Launches a reservation within the caller's instance quota (see {@link ReservationLauncher#launch}). */
  public List<Instance> launch(Caller caller, LaunchRequest req, Image image, VmType type, QuotaClaim quota)
      throws InvalidException, InsufficientCapacityException, UnavailableException, ClusterFailureException,
      LimitExceededException {
    return launcher.launch(caller, req, image, type, quota, null, List.of());
  }

  /**
   * A launch that makes volumes (the root of an EBS-backed image, block device mappings), within the
   * caller's volume quotas too; with volumes it answers at once, its instances pending.
   */
  public List<Instance> launch(Caller caller, LaunchRequest req, Image image, VmType type, QuotaClaim quota,
      org.eucalyptus.clc.volumes.BootVolumes.Claims volumeQuota,
      List<org.eucalyptus.clc.volumes.LaunchVolume> volumes)
      throws InvalidException, InsufficientCapacityException, UnavailableException, ClusterFailureException,
      LimitExceededException {
    return launcher.launch(caller, req, image, type, quota, volumeQuota, volumes);
  }

  /** Sends again a launch an earlier run may not have delivered (see {@link ReservationLauncher#resume}). */
  public boolean resume(Cluster cluster, List<Instance> pending, LaunchRequest req, Image image, VmType type) {
    return launcher.resume(cluster, pending, req, image, type);
  }

  /** Ends instances that never ran, with the reason shown to their owner. */
  public void end(List<Instance> instances, String reason) {
    launcher.end(instances, reason);
  }

  /**
   * Reads an instance row for update. Every writer locks rows in instance-id order (see
   * {@link #sortedById}), so the launch, terminate and cluster-sync transactions serialise per row
   * without deadlocking.
   */
  static Instance locked(org.hibernate.Session s, String instanceId) {
    return s.find(Instance.class, instanceId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
  }

  static List<Instance> sortedById(Collection<Instance> instances) {
    return instances.stream().sorted(java.util.Comparator.comparing(Instance::instanceId)).toList();
  }

  /** Public address to private address of a cluster's live instances that have both (what its NAT must hold). */
  public java.util.Map<String, String> publicAddresses(String cluster) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    db.run(s -> s.createQuery("from Instance where cluster = :c and state in ('pending', 'running')"
        + " and publicIp is not null and privateIp is not null", Instance.class).setParameter("c", cluster).list()
        .forEach(i -> out.put(i.publicIp(), i.privateIp())));
    return out;
  }

  /** The live instance with this private or public address, if any (the metadata service's caller). */
  public java.util.Optional<Instance> byAddress(String address) {
    return db.inTransaction(s -> s.createQuery("from Instance where (privateIp = :a or publicIp = :a)"
        + " and state in ('pending', 'running') order by launchTime desc", Instance.class)
        .setParameter("a", address).setMaxResults(1).uniqueResultOptional());
  }

  public List<Instance> visible(Caller caller, Collection<String> ids) {
    return visible(caller, ids, false);
  }

  /**
   * The instances the caller may see, without those terminated longer ago than the retention
   * period: its own account's; the cloud administrator sees every account's when naming instances
   * by id or asking with {@code verbose} (as {@code euca-describe-instances verbose} does).
   */
  public List<Instance> visible(Caller caller, Collection<String> ids, boolean verbose) {
    boolean allAccounts = caller.admin() && (verbose || !ids.isEmpty());
    Instant cutoff = clock.instant().minus(terminatedVisible.get());
    return db.inTransaction(s -> {
      StringBuilder hql = new StringBuilder("from Instance where (state <> 'terminated' or stateChanged > :cutoff)");
      if (!allAccounts) {
        hql.append(" and accountNumber = :a");
      }
      if (!ids.isEmpty()) {
        hql.append(" and instanceId in (:ids)");
      }
      hql.append(" order by launchTime, reservationId, launchIndex");
      // Read-only: no snapshots to keep or dirty-check for what is only rendered.
      var q = s.createQuery(hql.toString(), Instance.class).setParameter("cutoff", cutoff).setReadOnly(true);
      if (!allAccounts) {
        q.setParameter("a", caller.accountNumber());
      }
      if (!ids.isEmpty()) {
        q.setParameterList("ids", ids);
      }
      return q.list();
    });
  }

  /**
   * The instances {@link #visible(Caller, Collection, boolean)} finds (the same rule in SQL: change
   * both together), only among {@code within} when it is not null (an instance-id filter's exact
   * values, found by key), for showing only (DescribeInstances): read in one plain SQL statement as rows, not as entities, so a long listing
   * costs no session, persistence context or flush; each {@link Instance#listed unmanaged and with only
   * what a listing shows}. Always read from the database, so a change made by another front end shows at once.
   */
  /** A listing's order: by launch, then reservation, then launch index. */
  private static final java.util.Comparator<Instance> LISTING_ORDER = java.util.Comparator
      .comparing(Instance::launchTime).thenComparing(Instance::reservationId).thenComparingInt(Instance::launchIndex);

  public List<Instance> listed(Caller caller, Collection<String> ids, boolean verbose, Collection<String> within) {
    if (within != null && within.isEmpty()) {
      return List.of();
    }
    boolean allAccounts = caller.admin() && (verbose || !ids.isEmpty());
    List<Object> params = new java.util.ArrayList<>();
    StringBuilder sql = new StringBuilder("select ").append(Instance.LISTED_COLUMNS)
        .append(" from instances where (state <> 'terminated' or state_changed > ?)");
    params.add(clock.instant().minus(terminatedVisible.get()));
    if (!allAccounts) {
      sql.append(" and account_number = ?");
      params.add(caller.accountNumber());
    }
    if (!ids.isEmpty()) {
      sql.append(" and instance_id in (?)");
      params.add(ids);
    }
    if (within != null) {
      sql.append(" and instance_id in (?)");
      params.add(within);
    }
    // Ordered here, not by the database: a sorted result is one the database must hold whole before the
    // first row goes out (H2 copies every row into a result of its own), where an unsorted one streams.
    List<Instance> rows = db.select(sql.toString(), params, Instance::listed);
    rows.sort(LISTING_ORDER);
    return rows;
  }

  /** Asks the instances' clusters to reboot the live ones among them. */
  public void reboot(List<Instance> instances) {
    for (Map.Entry<String, List<String>> e : liveByCluster(instances).entrySet()) {
      Optional<Cluster> cluster = clusters.find(e.getKey());
      if (cluster.isEmpty()) {
        continue;
      }
      RebootInstances req = new RebootInstances();
      req.getInstanceIds().addAll(e.getValue());
      try {
        clients.forCluster(cluster.get()).rebootInstances(req);
      } catch (EucalyptusFault_Exception | RuntimeException ex) {
        LOG.warn("cluster {} did not take the reboot of {}: {}", e.getKey(), e.getValue(), ex.toString());
      }
    }
  }

  /** The instance's console output (base64, as the node keeps it), or empty if there is none to get. */
  public String consoleOutput(Instance instance) {
    if (!instance.state().isLive()) {
      return "";
    }
    Optional<Cluster> cluster = clusters.find(instance.cluster());
    if (cluster.isEmpty()) {
      return "";
    }
    GetConsoleOutput req = new GetConsoleOutput();
    req.setInstanceId(instance.instanceId());
    try {
      return clients.forCluster(cluster.get()).getConsoleOutput(req).getConsoleOutput();
    } catch (EucalyptusFault_Exception | RuntimeException e) {
      LOG.info("no console output for {}: {}", instance.instanceId(), e.toString());
      return "";
    }
  }

  private static Map<String, List<String>> liveByCluster(List<Instance> instances) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (Instance i : instances) {
      if (i.state().isLive()) {
        out.computeIfAbsent(i.cluster(), k -> new ArrayList<>()).add(i.instanceId());
      }
    }
    return out;
  }

  public record Transition(Instance instance, InstanceState previous) {}

  /**
   * StopInstances: moves each running instance to stopping and has its cluster stop it: without
   * Force cleanly (the cluster's TerminateInstances with graceful: the node asks the guest to shut
   * down and destroys its domain only once it has, or after its grace period), with Force at once;
   * once the cluster reports it gone it is stopped. A Force stop of an instance already stopping is
   * sent again (a guest that takes too long). Its volume attachments stay (the volumes in-use,
   * attached to it, as EC2 shows them); their exports end when it is stopped ({@code
   * ClusterStateSync.ReportListener#stopped}), never while its guest may still write, so that a
   * start exports them again with new logins. Instances already stopping or stopped are answered as
   * they are; the caller has refused every other state.
   */
  public List<Transition> stop(List<Instance> instances, boolean force) {
    Instant now = clock.instant();
    List<Transition> out = db.inTransaction(s -> {
      List<Transition> t = new ArrayList<>();
      for (Instance i : sortedById(instances)) {
        Instance managed = locked(s, i.instanceId());
        InstanceState before = managed.state();
        if (before == InstanceState.RUNNING) {
          managed.advance(InstanceState.STOPPING, org.eucalyptus.clc.clusters.ClusterStateSync.STOPPED_BY_USER, now);
        }
        t.add(new Transition(managed, before));
      }
      return t;
    });
    for (String clusterName : out.stream().map(t -> t.instance().cluster()).distinct().toList()) {
      Optional<Cluster> cluster = clusters.find(clusterName);
      TerminateInstances req = new TerminateInstances();
      req.setForce(force);
      if (!force) {
        req.setGraceful(true);
      }
      out.stream().filter(t -> t.instance().cluster().equals(clusterName) && (t.previous() == InstanceState.RUNNING
              || (force && t.previous() == InstanceState.STOPPING)))
          .forEach(t -> req.getInstanceIds().add(t.instance().instanceId()));
      if (cluster.isEmpty() || req.getInstanceIds().isEmpty()) {
        continue;
      }
      try {
        clients.forCluster(cluster.get()).terminateInstances(req);
      } catch (EucalyptusFault_Exception | RuntimeException e) {
        // They stay stopping; the state sync sends the stop again with each report until the cluster has it
        // (their exports stay, and the next start exports the same logins again).
        LOG.warn("cluster {} did not take the stop of {}: {}", clusterName, req.getInstanceIds(), e.toString());
      }
    }
    return out;
  }

  /**
   * StartInstances: launches each stopped instance again on its cluster with the same id and its
   * volumes ({@link ReservationLauncher#relaunch}); pending until the cluster reports it running.
   * The caller has refused every state but stopped.
   *
   * @param launches each instance's launch as its record says (image, type, key, groups)
   */
  public List<Transition> start(List<Instance> instances,
      java.util.function.Function<Instance, LaunchRecords.Relaunch> launches)
      throws org.eucalyptus.clc.errors.DomainException {
    List<Transition> out = new ArrayList<>();
    for (Instance i : sortedById(instances)) {
      InstanceState before = i.state();
      if (before == InstanceState.STOPPED) {
        LaunchRecords.Relaunch again = launches.apply(i);
        if (again.gone() != null) {
          throw new InvalidException(ResourceKind.INSTANCE, "Instance " + i.instanceId() + " cannot be started: "
              + again.gone());
        }
        Instance started = launcher.relaunch(i, again.request(), again.image(), again.type());
        if (started != null) {
          // As the start left it, pending: by now the cluster may have reported it running already
          // (StopStartEbsEndToEndTest saw that in CI), but StartInstances answers the state it began.
          out.add(new Transition(started, before));
          continue;
        }
      }
      out.add(new Transition(db.inTransaction(s -> s.find(Instance.class, i.instanceId())), before));
    }
    out.sort(java.util.Comparator.comparingInt(t -> instances.stream().map(Instance::instanceId).toList()
        .indexOf(t.instance().instanceId())));
    return out;
  }

  /** Sets or clears an instance's protection against TerminateInstances. */
  public void setDisableApiTermination(String instanceId, boolean disable) {
    db.run(s -> locked(s, instanceId).setDisableApiTermination(disable));
  }

  /**
   * Moves each live instance to shutting-down and tells its cluster to terminate it; none of them
   * if one is protected by {@code disableApiTermination} (checked under the instance's lock, so a
   * concurrent ModifyInstanceAttribute either comes first and refuses, or after and is too late).
   */
  public List<Transition> terminate(List<Instance> instances) throws NotPermittedException {
    Instant now = clock.instant();
    List<Transition> out = db.inTransaction(s -> {
      List<Transition> t = new ArrayList<>();
      for (Instance i : sortedById(instances)) {
        Instance managed = locked(s, i.instanceId());
        if (managed.disableApiTermination() && managed.state().isLive()) {
          // rolls back the ones already moved
          throw new NotPermittedException(ResourceKind.INSTANCE, "The instance '" + managed.instanceId()
              + "' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.");
        }
        InstanceState before = managed.state();
        // A stopped instance runs nowhere: it ends at once (its volumes go back with the cluster's next report).
        managed.advance(before == InstanceState.STOPPED ? InstanceState.TERMINATED : InstanceState.SHUTTING_DOWN,
            "User initiated", now);
        t.add(new Transition(managed, before));
      }
      return t;
    });
    for (String clusterName : out.stream().map(t -> t.instance().cluster()).distinct().toList()) {
      Optional<Cluster> cluster = clusters.find(clusterName);
      TerminateInstances req = new TerminateInstances();
      out.stream().filter(t -> t.instance().cluster().equals(clusterName) && t.previous().isLive())
          .forEach(t -> req.getInstanceIds().add(t.instance().instanceId()));
      if (cluster.isEmpty() || req.getInstanceIds().isEmpty()) {
        continue;
      }
      try {
        clients.forCluster(cluster.get()).terminateInstances(req);
      } catch (EucalyptusFault_Exception | RuntimeException e) {
        // The instances stay shutting-down; the state sync finishes them once the cluster answers.
        LOG.warn("cluster {} did not take the terminate of {}: {}", clusterName, req.getInstanceIds(), e.toString());
      }
    }
    return out;
  }
}
