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
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.vmtypes.VmType;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.common.util.IdSource;
import org.eucalyptus.wsdl.cc.CcInstanceType;
import org.eucalyptus.wsdl.cc.EucalyptusFault_Exception;
import org.eucalyptus.wsdl.cc.GetConsoleOutput;
import org.eucalyptus.wsdl.cc.RebootInstances;
import org.eucalyptus.wsdl.cc.RunInstances;
import org.eucalyptus.wsdl.cc.RunInstancesResponse;
import org.eucalyptus.wsdl.cc.TerminateInstances;
import org.eucalyptus.wsdl.cc.VirtualMachineType;

/** Launching, finding and terminating instances: the work behind the instance actions. */
public final class InstanceService {
  private static final Logger LOG = LogManager.getLogger(InstanceService.class);
  /** Tries at drawing ids that no other instance or reservation holds (32 random bits each). */
  static final int ID_ATTEMPTS = 5;
  /** The fault of a cluster controller that cannot launch yet (it has not heard from all its nodes). */
  static final String UNAVAILABLE = "ServiceUnavailable";
  /** How long a launch whose call may have reached the cluster keeps sending it again. */
  static final Duration RESEND_FOR = Duration.ofSeconds(30);
  static final Duration RESEND_PAUSE = Duration.ofSeconds(1);

  private final Database db;
  private final ClusterRegistry clusters;
  private final ClusterClients clients;
  private final Clock clock;
  private final java.util.function.Supplier<Duration> terminatedVisible;
  private final java.util.function.Supplier<String> macPrefix;
  private final AddressStore addresses;
  private final org.eucalyptus.clc.images.ImageUrls imageUrls;
  private final org.eucalyptus.clc.clusters.ClusterNetworks networks;
  private final java.util.concurrent.atomic.AtomicInteger nextCluster = new java.util.concurrent.atomic.AtomicInteger();
  private final IdSource ids;

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
    this.ids = ids;
    this.imageUrls = imageUrls;
    this.networks = networks;
    this.addresses = addresses;
    this.db = db;
    this.clusters = clusters;
    this.clients = clients;
    this.clock = clock;
    this.terminatedVisible = terminatedVisible;
    this.macPrefix = macPrefix;
  }

  /**
   * Records the reservation's instances as pending, then asks the cluster to place and start them.
   * A refusal leaves no record behind (the cluster started nothing) and throws the error; a launch
   * with a client token the account used before returns that earlier reservation instead.
   */
  public List<Instance> launch(Caller caller, LaunchRequest req, Image image, VmType type) throws LaunchException {
    if (req.clientToken() != null) {
      List<Instance> earlier = byClientToken(caller.accountNumber(), req.clientToken());
      if (!earlier.isEmpty()) {
        return earlier;
      }
    }
    Cluster cluster = chooseCluster(req.zone());
    Reserved reserved = reserve(caller, req, image, type, cluster);
    if (reserved.earlier()) {
      return reserved.instances();
    }
    List<Instance> created = reserved.instances();
    RunInstances run = runRequest(created, req, image, type, caller.userId(), caller.accountNumber());
    List<CcInstanceType> placed;
    try {
      placed = sendWhileUnsure(cluster, run, req.groups());
    } catch (EucalyptusFault_Exception e) {
      String code = e.getFaultInfo() == null ? "InternalError" : e.getFaultInfo().getCode();
      String message = e.getFaultInfo() == null ? e.getMessage() : e.getFaultInfo().getMessage();
      forget(created); // the cluster answered no: nothing of this request runs anywhere
      if (UNAVAILABLE.equals(code)) {
        throw new LaunchException("Unavailable", "Cluster " + cluster.name() + " is not ready: " + message, true);
      }
      if ("InsufficientInstanceCapacity".equals(code)) {
        throw new LaunchException(code, "There is not enough capacity in " + cluster.name()
            + " for " + req.minCount() + " " + type.name() + " instance(s): " + message, true);
      }
      throw new LaunchException("InternalError", "Cluster " + cluster.name() + " refused the launch: " + message, true);
    } catch (RuntimeException e) {
      LOG.warn("cluster {} unreachable during launch: {}", cluster.name(), e.toString());
      if (neverConnected(e)) {
        forget(created);
      } else {
        // The request may have reached the cluster: the records stay (terminated) so that the state
        // sync can have the cluster stop whatever of them it reports.
        failAll(created, "Cluster " + cluster.name() + " unreachable");
      }
      throw new LaunchException("Unavailable", "Cluster " + cluster.name() + " is not available; try again later", true);
    }
    // Beyond what the cluster had room for (MinCount <= placed < MaxCount): never existed.
    return recordPlaced(created, placed, null);
  }

  /**
   * Sends again a launch that an earlier run of the cloud controller recorded and may not have
   * delivered (it stopped between its database write and the cluster's answer): the client may
   * hold these ids (a retry with its client token returned them). The cluster starts each id at
   * most once, so an instance whose first request did arrive is not started twice. Instances the
   * cluster refuses, or has no room for, are terminated with the reason.
   *
   * @return false when the cluster could not be reached (the caller tries again later)
   */
  public boolean resume(Cluster cluster, List<Instance> pending, LaunchRequest req, Image image, VmType type) {
    Instance first = pending.get(0);
    RunInstances run = runRequest(pending, req, image, type, first.userId(), first.accountNumber());
    run.setMinCount(1); // each instance stands on its own now: start as many as there is room for
    List<CcInstanceType> placed;
    try {
      placed = send(cluster, run, req.groups());
    } catch (EucalyptusFault_Exception e) {
      if (e.getFaultInfo() != null && UNAVAILABLE.equals(e.getFaultInfo().getCode())) {
        return false; // not ready yet (it has just started): its next report tries again
      }
      String message = e.getFaultInfo() == null ? e.getMessage() : e.getFaultInfo().getMessage();
      end(pending, "Launch interrupted, and cluster " + cluster.name() + " refused it when resumed: " + message);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("cluster {} unreachable while resuming launch {}: {}", cluster.name(), first.reservationId(), e.toString());
      return false;
    }
    List<Instance> launched = recordPlaced(pending, placed,
        "Launch interrupted, and cluster " + cluster.name() + " had no room for it when resumed");
    LOG.info("resumed interrupted launch {} on cluster {}: {}", first.reservationId(), cluster.name(),
        launched.stream().map(Instance::instanceId).toList());
    return true;
  }

  /** Ends instances that never ran, with the reason shown to their owner. */
  public void end(List<Instance> instances, String reason) {
    Instant now = clock.instant();
    String r = reason.length() > 250 ? reason.substring(0, 250) : reason;
    db.run(s -> instances.stream().map(Instance::instanceId).sorted().forEach(id -> {
      Instance inst = locked(s, id);
      if (inst != null) {
        inst.advance(InstanceState.TERMINATED, r, now);
      }
    }));
  }

  private RunInstances runRequest(List<Instance> created, LaunchRequest req, Image image, VmType type, String userId,
      String accountNumber) {
    RunInstances run = new RunInstances();
    run.setImageId(image.imageId());
    run.setImageURL(imageUrls.of(image));
    run.setKernelId(req.kernelId());
    run.setRamdiskId(req.ramdiskId());
    run.setKernelURL(imageUrls.of(req.kernelId()));
    run.setRamdiskURL(imageUrls.of(req.ramdiskId()));
    VirtualMachineType vm = new VirtualMachineType();
    vm.setName(type.name());
    vm.setCores(type.cpu());
    vm.setMemory(type.memoryMb());
    vm.setDisk(type.diskGb());
    run.setInstanceType(vm);
    // As in 3.1, keyName carries the key's public half: the node puts it into the guest.
    run.setKeyName(req.publicKey());
    run.setMinCount(req.minCount());
    run.setMaxCount(created.size());
    run.setReservationId(created.get(0).reservationId());
    run.setUserData(req.userData());
    run.setOwnerId(userId);
    run.setAccountId(accountNumber);
    for (Instance inst : created) {
      run.getInstanceIds().add(inst.instanceId());
      run.getMacAddresses().add(inst.macAddress());
      run.getUuids().add(inst.instanceId());
      // As in 3.1, the cluster knows an instance's network by its first group's name.
      run.getNetNames().add(req.groups().get(0).name());
    }
    return run;
  }

  /**
   * Sends the launch, and sends it again while a call that may have reached the cluster failed
   * (the cluster controller died, or its answer was lost), for up to {@link #RESEND_FOR}: the
   * cluster starts an id at most once, so its answer to a resend says what it has, and a launch
   * survives a cluster controller's restart instead of leaving instances nobody was told of.
   */
  private List<CcInstanceType> sendWhileUnsure(Cluster cluster, RunInstances run, List<SecurityGroup> groups)
      throws EucalyptusFault_Exception {
    try {
      return send(cluster, run, groups);
    } catch (RuntimeException first) {
      if (neverConnected(first)) {
        throw first;
      }
      LOG.warn("launch {} on cluster {} may not have arrived ({}): sending it again", run.getReservationId(),
          cluster.name(), first.toString());
      long deadline = System.nanoTime() + RESEND_FOR.toNanos();
      RuntimeException last = first;
      while (System.nanoTime() < deadline) {
        try {
          Thread.sleep(RESEND_PAUSE.toMillis());
          return send(cluster, run, groups);
        } catch (RuntimeException e) {
          last = e;
        } catch (EucalyptusFault_Exception e) {
          if (e.getFaultInfo() == null || !UNAVAILABLE.equals(e.getFaultInfo().getCode())) {
            throw e;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      throw last;
    }
  }

  /** Asks the cluster to start the instances; MANAGED clusters get the first group's network ready first. */
  private List<CcInstanceType> send(Cluster cluster, RunInstances run, List<SecurityGroup> groups)
      throws EucalyptusFault_Exception {
    // MANAGED clusters: the instances join their first group's network, started with the account's rules.
    if (!groups.isEmpty()) {
      run.setVlan(networks.prepare(cluster, groups.get(0)));
    }
    return clients.forCluster(cluster).runInstances(run).getInstances();
  }

  /**
   * Records where the cluster placed each instance and lends the placed ones public addresses.
   * An instance the cluster did not place is removed ({@code unplacedReason} null: nobody ever saw
   * its id) or terminated with that reason.
   */
  private List<Instance> recordPlaced(List<Instance> created, List<CcInstanceType> placed, String unplacedReason) {
    List<String> placedIds = placed.stream().map(CcInstanceType::getInstanceId).toList();
    Instant after = clock.instant();
    List<Instance> launched = db.inTransaction(s -> {
      List<Instance> out = new ArrayList<>();
      for (Instance inst : sortedById(created)) {
        Instance managed = locked(s, inst.instanceId());
        int at = placedIds.indexOf(inst.instanceId());
        if (managed == null) {
          continue;
        }
        if (at >= 0) {
          var net = placed.get(at).getNetParams();
          managed.placed(placed.get(at).getServiceTag(), net == null ? null : net.getPrivateIp(), null,
              net == null ? null : net.getPrivateMacAddress());
          out.add(managed);
        } else if (unplacedReason == null) {
          s.remove(managed);
        } else {
          managed.advance(InstanceState.TERMINATED, unplacedReason, after);
        }
      }
      out.sort(java.util.Comparator.comparingInt(Instance::launchIndex));
      return out;
    });
    // Each instance gets a public address from its cluster's pool for its life, while there are any.
    addresses.lendToNew(launched.stream().map(Instance::instanceId).toList());
    networks.addressesChanged(); // MANAGED clusters NAT the lent addresses
    return db.inTransaction(s -> launched.stream().map(i -> s.find(Instance.class, i.instanceId())).toList());
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

  /** What {@link #reserve} made: new pending instances, or those of an earlier launch with the same client token. */
  private record Reserved(List<Instance> instances, boolean earlier) {}

  /**
   * Inserts the reservation's pending instances under fresh ids, drawing others when an id is
   * taken. The client token is unique per account and launch index in the schema, so of two
   * concurrent launches with one token only one inserts; the other, on its next try, finds and
   * returns the winner's reservation.
   */
  private Reserved reserve(Caller caller, LaunchRequest req, Image image, VmType type, Cluster cluster) {
    return db.insertWithFreshIds(ID_ATTEMPTS, s -> {
      if (req.clientToken() != null) {
        List<Instance> earlier = byClientToken(s, caller.accountNumber(), req.clientToken());
        if (!earlier.isEmpty()) {
          return new Reserved(earlier, true);
        }
      }
      String reservationId = freshReservationId(s);
      Instant now = clock.instant();
      List<Instance> created = new ArrayList<>();
      for (int i = 0; i < req.maxCount(); i++) {
        String id = ids.next("i");
        created.add(new Instance(id, reservationId, caller.accountNumber(), caller.userId(), image.imageId(),
            req.kernelId(), req.ramdiskId(), type.name(), cluster.name(), req.keyName(), req.userData(), i,
            macFor(id), req.clientToken(), req.groups().stream().map(SecurityGroup::groupId).toList(), now));
      }
      created.forEach(s::persist);
      return new Reserved(created, false);
    });
  }

  /** A reservation id no instance holds yet (the column is not unique: a reservation has many rows). */
  private String freshReservationId(org.hibernate.Session s) {
    for (int i = 0; ; i++) {
      String id = ids.next("r");
      boolean taken = !s.createQuery("select 1 from Instance where reservationId = :r", Integer.class)
          .setParameter("r", id).setMaxResults(1).list().isEmpty();
      if (!taken || i + 1 >= ID_ATTEMPTS) {
        return id;
      }
    }
  }

  /** Removes the records of a launch the cluster refused or never received. */
  private void forget(List<Instance> created) {
    db.run(s -> created.stream().map(Instance::instanceId).sorted().forEach(id -> {
      Instance inst = locked(s, id);
      if (inst != null) {
        s.remove(inst);
      }
    }));
  }

  /** Whether the call failed before any connection was made (so the cluster cannot have the request). */
  private static boolean neverConnected(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return true;
      }
    }
    return false;
  }

  private void failAll(List<Instance> created, String reason) {
    Instant now = clock.instant();
    String r = reason == null ? "Launch failed" : (reason.length() > 250 ? reason.substring(0, 250) : reason);
    db.run(s -> created.stream().map(Instance::instanceId).sorted()
        .forEach(id -> {
          Instance inst = locked(s, id);
          inst.advance(InstanceState.TERMINATED, r, now);
          inst.forgetClientToken();
        }));
  }

  private Cluster chooseCluster(String zone) throws LaunchException {
    if (zone != null) {
      return clusters.find(zone).orElseThrow(() -> new LaunchException("InvalidParameterValue",
          "Availability zone " + zone + " does not exist", false));
    }
    List<Cluster> all = clusters.list();
    if (all.isEmpty()) {
      throw new LaunchException("InsufficientInstanceCapacity", "No cluster is registered with this cloud", true);
    }
    return all.get(Math.floorMod(nextCluster.getAndIncrement(), all.size()));
  }

  /** The MAC the original derived from the instance id: prefix plus the id's four bytes. */
  String macFor(String instanceId) {
    return org.eucalyptus.common.net.MacAddresses.forInstance(macPrefix.get(), instanceId);
  }

  private List<Instance> byClientToken(String account, String token) {
    return db.inTransaction(s -> byClientToken(s, account, token));
  }

  private static List<Instance> byClientToken(org.hibernate.Session s, String account, String token) {
    return s.createQuery(
            "from Instance where accountNumber = :a and clientToken = :t order by launchIndex", Instance.class)
        .setParameter("a", account).setParameter("t", token).list();
  }

  /**
   * The instances the caller may see, without those terminated longer ago than the retention
   * period: its own account's; the cloud administrator sees every account's when naming instances
   * by id or asking with {@code verbose} (as {@code euca-describe-instances verbose} does).
   */
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

  /** An instance whose {@code disableApiTermination} is set: no terminate through the API. */
  public static final class TerminationProtected extends Exception {
    private final String instanceId;

    TerminationProtected(String instanceId) {
      super("The instance '" + instanceId + "' may not be terminated. Modify its 'disableApiTermination'"
          + " instance attribute and try again.");
      this.instanceId = instanceId;
    }

    public String instanceId() {
      return instanceId;
    }
  }

  private static final class Protected extends RuntimeException {
    Protected(String instanceId) {
      super(instanceId, null, false, false);
    }
  }

  /**
   * Moves each live instance to shutting-down and tells its cluster to terminate it; none of them
   * if one is protected by {@code disableApiTermination} (checked under the instance's lock, so a
   * concurrent ModifyInstanceAttribute either comes first and refuses, or after and is too late).
   */
  public List<Transition> terminate(List<Instance> instances) throws TerminationProtected {
    try {
      return terminateUnprotected(instances);
    } catch (Protected e) {
      throw new TerminationProtected(e.getMessage());
    }
  }

  /** Sets or clears an instance's protection against TerminateInstances. */
  public void setDisableApiTermination(String instanceId, boolean disable) {
    db.run(s -> locked(s, instanceId).setDisableApiTermination(disable));
  }

  private List<Transition> terminateUnprotected(List<Instance> instances) {
    Instant now = clock.instant();
    List<Transition> out = db.inTransaction(s -> {
      List<Transition> t = new ArrayList<>();
      for (Instance i : sortedById(instances)) {
        Instance managed = locked(s, i.instanceId());
        if (managed.disableApiTermination() && managed.state().isLive()) {
          throw new Protected(managed.instanceId()); // rolls back the ones already moved
        }
        InstanceState before = managed.state();
        managed.advance(InstanceState.SHUTTING_DOWN, "User initiated", now);
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
