package org.eucalyptus.clc.instances;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.errors.UnavailableException;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.quotas.Holdings;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.quotas.QuotaGuard;
import org.eucalyptus.clc.vmtypes.VmType;
import org.eucalyptus.clc.volumes.BootVolumes;
import org.eucalyptus.clc.volumes.LaunchVolume;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.common.util.IdSource;
import org.eucalyptus.wsdl.cc.RunInstances;
import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.eucalyptus.wsdl.types.VirtualMachineType;

/**
 * Launching instances: the reservation recorded as pending, the cluster chosen and asked (again,
 * while unsure it heard), what it placed recorded and lent addresses; and resuming launches an
 * earlier run of the cloud controller may not have delivered.
 */
final class ReservationLauncher {
  private static final Logger LOG = LogManager.getLogger(ReservationLauncher.class);
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
  private final java.util.function.Supplier<String> macPrefix;
  private final AddressStore addresses;
  private final org.eucalyptus.clc.images.ImageUrls imageUrls;
  private final org.eucalyptus.clc.clusters.ClusterNetworks networks;
  private final java.util.concurrent.atomic.AtomicInteger nextCluster = new java.util.concurrent.atomic.AtomicInteger();
  private final IdSource ids;
  /** Launches' volumes (boot from EBS, block device mappings); null where the cloud has no storage wired (such launches are refused). */
  private final BootVolumes bootVolumes;
  /** Where launches with volumes wait for them (daemon threads: a launch cut short by a stop is ended at the next start). */
  private final java.util.concurrent.ExecutorService volumeWaits = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "clc-launch-volumes");
    t.setDaemon(true);
    return t;
  });

  ReservationLauncher(Database db, ClusterRegistry clusters, ClusterClients clients, Clock clock,
      java.util.function.Supplier<String> macPrefix, AddressStore addresses,
      org.eucalyptus.clc.images.ImageUrls imageUrls, org.eucalyptus.clc.clusters.ClusterNetworks networks,
      IdSource ids, BootVolumes bootVolumes) {
    this.bootVolumes = bootVolumes;
    this.db = db;
    this.clusters = clusters;
    this.clients = clients;
    this.clock = clock;
    this.macPrefix = macPrefix;
    this.addresses = addresses;
    this.imageUrls = imageUrls;
    this.networks = networks;
    this.ids = ids;
  }

  /**
   * Records the reservation's instances as pending, then asks the cluster to place and start them.
   * A refusal leaves no record behind (the cluster started nothing) and throws the error; a launch
   * with a client token the account used before returns that earlier reservation instead. The
   * instance quota ({@code quota}) is counted and the pending rows inserted in one transaction.
   * A launch with volumes (boot from EBS, block device mappings) has them recorded and asked of the
   * storage controller here (within {@code volumeQuota}), and answers with its instances pending:
   * the cluster is asked once their volumes are made (see {@link #launchWhenReady}).
   */
  List<Instance> launch(Caller caller, LaunchRequest req, Image image, VmType type, QuotaClaim quota,
      org.eucalyptus.clc.volumes.BootVolumes.Claims volumeQuota, List<LaunchVolume> volumes)
      throws InvalidException, InsufficientCapacityException, UnavailableException, ClusterFailureException,
      LimitExceededException {
    if ((image.ebsBacked() || !volumes.isEmpty()) && (bootVolumes == null || volumeQuota == null)) {
      throw new UnavailableException(ResourceKind.INSTANCE, "This cloud cannot launch instances with EBS volumes yet");
    }
    if (image.ebsBacked() && volumes.isEmpty()) {
      throw new InvalidException(ResourceKind.IMAGE, "Image " + image.imageId() + " has no root volume to make");
    }
    if (req.clientToken() != null) {
      List<Instance> earlier = byClientToken(caller.accountNumber(), req.clientToken());
      if (!earlier.isEmpty()) {
        return earlier;
      }
    }
    Cluster cluster = chooseCluster(req.zone());
    Reserved reserved = reserve(caller, req, image, type, cluster, quota);
    if (reserved.earlier()) {
      return reserved.instances();
    }
    List<Instance> created = reserved.instances();
    if (!volumes.isEmpty()) {
      List<BootVolumes.Made> made;
      try {
        made = bootVolumes.create(cluster, created.stream().map(Instance::instanceId).toList(), volumes, volumeQuota);
      } catch (org.eucalyptus.clc.errors.DomainException e) {
        forget(created); // the cluster never heard of them
        throw volumeRefusal(e);
      }
      volumeWaits.execute(() -> {
        try {
          launchWhenReady(cluster, created, req, image, type, made);
        } catch (RuntimeException e) {
          // Left pending: once its volumes are no longer being made, the state sync ends it as lost.
          LOG.error("launch {} with volumes failed: {}", created.get(0).reservationId(), e.toString(), e);
        }
      });
      return created;
    }
    RunInstances run = runRequest(created, req, image, type, caller.userId(), caller.accountNumber());
    List<CcInstanceType> placed;
    try {
      placed = sendWhileUnsure(cluster, run, req.groups());
    } catch (EucalyptusFault_Exception e) {
      String code = e.getFaultInfo() == null ? "InternalError" : e.getFaultInfo().getCode();
      String message = e.getFaultInfo() == null ? e.getMessage() : e.getFaultInfo().getMessage();
      forget(created); // the cluster answered no: nothing of this request runs anywhere
      if (UNAVAILABLE.equals(code)) {
        throw new UnavailableException(ResourceKind.INSTANCE, "Cluster " + cluster.name() + " is not ready: " + message);
      }
      if ("InsufficientInstanceCapacity".equals(code)) {
        throw new InsufficientCapacityException(ResourceKind.INSTANCE, "There is not enough capacity in "
            + cluster.name() + " for " + req.minCount() + " " + type.name() + " instance(s): " + message);
      }
      throw new ClusterFailureException(ResourceKind.INSTANCE,
          "Cluster " + cluster.name() + " refused the launch: " + message);
    } catch (RuntimeException e) {
      LOG.warn("cluster {} unreachable during launch: {}", cluster.name(), e.toString());
      if (neverConnected(e)) {
        forget(created);
      } else {
        // The request may have reached the cluster: the records stay (terminated) so that the state
        // sync can have the cluster stop whatever of them it reports.
        failAll(created, "Cluster " + cluster.name() + " unreachable");
      }
      throw new UnavailableException(ResourceKind.INSTANCE,
          "Cluster " + cluster.name() + " is not available; try again later");
    }
    // Beyond what the cluster had room for (MinCount <= placed < MaxCount): never existed.
    return recordPlaced(created, placed, null);
  }

  /**
   * The rest of a launch with volumes, off the request's thread: once the storage controller has
   * made an instance's volumes, they are exported and the instances still pending (not terminated
   * meanwhile) sent to the cluster with them. A volume that fails ends its instance terminated with
   * the reason (shown as Server.InternalError) after giving back its volumes; a cluster that
   * refuses ends so those it was asked for, and instances it had no room for end so too.
   */
  private void launchWhenReady(Cluster cluster, List<Instance> created, LaunchRequest req, Image image, VmType type,
      List<BootVolumes.Made> made) {
    Instance first = created.get(0);
    // Each instance waits for its own volumes: one that fails ends only its instance.
    List<Instance> ready = new ArrayList<>();
    for (Instance inst : created) {
      try {
        bootVolumes.awaitAvailable(made.stream().filter(m -> m.instanceId().equals(inst.instanceId())).toList());
        ready.add(inst);
      } catch (org.eucalyptus.clc.errors.DomainException | RuntimeException e) {
        if (!stillPending(List.of(inst)).isEmpty()) {
          LOG.warn("launch {}: the volumes of {} were not made: {}", first.reservationId(), inst.instanceId(),
              e.getMessage());
          giveUp(List.of(inst), made, "Server.InternalError: Internal error on launch: " + e.getMessage());
        } // else terminated meanwhile: its volumes are given back as its end is synced
      }
    }
    List<Instance> waiting = stillPending(ready);
    if (waiting.isEmpty()) {
      return;
    }
    java.util.Map<String, org.eucalyptus.wsdl.cc.InstanceVolumesType> forCluster;
    try {
      List<String> ids = waiting.stream().map(Instance::instanceId).toList();
      forCluster = bootVolumes.export(cluster, made.stream().filter(m -> ids.contains(m.instanceId())).toList());
    } catch (org.eucalyptus.clc.errors.DomainException | RuntimeException e) {
      LOG.warn("launch {}: its volumes were not exported: {}", first.reservationId(), e.getMessage());
      giveUp(waiting, made, "Server.InternalError: Internal error on launch: " + e.getMessage());
      return;
    }
    RunInstances run = runRequest(waiting, req, image, type, first.userId(), first.accountNumber());
    run.setMinCount(Math.min(req.minCount(), waiting.size()));
    run.getInstanceVolumes().addAll(forCluster.values());
    List<CcInstanceType> placed;
    try {
      placed = sendWhileUnsure(cluster, run, req.groups());
    } catch (EucalyptusFault_Exception e) {
      String message = e.getFaultInfo() == null ? e.getMessage() : e.getFaultInfo().getMessage();
      giveUp(waiting, made, "Server.InternalError: Cluster " + cluster.name() + " refused the launch: " + message);
      return;
    } catch (RuntimeException e) {
      LOG.warn("cluster {} unreachable during launch {}: {}", cluster.name(), first.reservationId(), e.toString());
      if (neverConnected(e)) {
        giveUp(waiting, made, "Server.InternalError: Cluster " + cluster.name() + " unreachable");
      } else {
        // It may have the request: the instances end here and their volumes go as their end is synced.
        failAll(waiting, "Cluster " + cluster.name() + " unreachable");
      }
      return;
    }
    List<Instance> launched = recordPlaced(waiting, placed,
        "Server.InternalError: Cluster " + cluster.name() + " had no room for it");
    List<String> launchedIds = launched.stream().map(Instance::instanceId).toList();
    List<String> waitingIds = waiting.stream().map(Instance::instanceId).toList();
    List<BootVolumes.Made> unused = made.stream()
        .filter(m -> waitingIds.contains(m.instanceId()) && !launchedIds.contains(m.instanceId())).toList();
    if (!unused.isEmpty()) {
      bootVolumes.abandon(unused);
    }
    LOG.info("launch {} with volumes sent to cluster {}: {}", first.reservationId(), cluster.name(), launchedIds);
  }

  /** Ends instances whose launch failed, their volumes given back first. */
  private void giveUp(List<Instance> instances, List<BootVolumes.Made> made, String reason) {
    List<String> ids = instances.stream().map(Instance::instanceId).toList();
    bootVolumes.abandon(made.stream().filter(m -> ids.contains(m.instanceId())).toList());
    end(instances, reason);
  }

  /** Those of these instances still pending (not terminated while their volumes were made). */
  private List<Instance> stillPending(List<Instance> instances) {
    List<String> ids = instances.stream().map(Instance::instanceId).toList();
    List<String> pending = db.inTransaction(s -> s.createQuery(
        "select instanceId from Instance where instanceId in (:ids) and state = 'pending'", String.class)
        .setParameterList("ids", ids).list());
    return instances.stream().filter(i -> pending.contains(i.instanceId())).toList();
  }

  /** Whether any of these instances was launched with volumes (their attachments date from the launch). */
  private boolean launchedWithVolumes(List<Instance> instances) {
    List<String> ids = instances.stream().map(Instance::instanceId).toList();
    return db.inTransaction(s -> s.createQuery("select count(*) from VolumeAttachment where instanceId in (:ids)",
        Long.class).setParameterList("ids", ids).uniqueResult()) > 0;
  }

  /**
   * Why a launch's volumes could not be made, as one of the launch's errors: what
   * storage/EbsRefusals made of the storage controller's answer, a refusal about the request's own
   * things (a snapshot or volume not found, in the wrong state) as InvalidParameterValue.
   */
  private static RuntimeException volumeRefusal(org.eucalyptus.clc.errors.DomainException e)
      throws InvalidException, InsufficientCapacityException, UnavailableException, ClusterFailureException,
      LimitExceededException {
    if (e instanceof LimitExceededException l) {
      throw l;
    }
    if (e instanceof InvalidException i) {
      throw i;
    }
    if (e instanceof UnavailableException u) {
      throw u;
    }
    if (e instanceof InsufficientCapacityException c) {
      throw c;
    }
    if (e instanceof ClusterFailureException c) {
      throw c;
    }
    throw new InvalidException(ResourceKind.VOLUME, e.getMessage());
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
  boolean resume(Cluster cluster, List<Instance> pending, LaunchRequest req, Image image, VmType type) {
    Instance first = pending.get(0);
    if (image.ebsBacked() || launchedWithVolumes(pending)) {
      // Its volumes' exports were for a request that may never have arrived: not sent again.
      // Their attachments go back (deleted on termination) once the instances are terminated.
      // A start of a stopped instance (StartInstances) interrupted so is stopped again: its volumes stay its.
      pending.stream().filter(Instance::restarted).forEach(i -> {
        stopAgain(i.instanceId(), "Server.InternalError: the start was interrupted; start the instance again");
        bootVolumes.endExports(i.instanceId());
      });
      end(pending.stream().filter(i -> !i.restarted()).toList(),
          "Launch interrupted; a launch with EBS volumes is not resumed");
      return true;
    }
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

  /**
   * StartInstances of a stopped EBS-backed instance: pending again under a new launch uuid, its
   * volumes exported again (fresh CHAP logins, sealed for the cluster controller, which seals them
   * again for the node it chooses), and launched on its cluster with the same id; the cluster and
   * the node take a launch with a new uuid as new, though they tore down one of that id. A launch
   * refused, or without room, leaves the instance stopped again with the reason, and throws it.
   *
   * @return the instance as the start left it (pending), or null if it was no longer stopped (another
   *     call started or ended it)
   */
  Instance relaunch(Instance stopped, LaunchRequest req, Image image, VmType type)
      throws org.eucalyptus.clc.errors.DomainException {
    Cluster cluster = clusters.find(stopped.cluster()).orElseThrow(() -> new UnavailableException(
        ResourceKind.CLUSTER, "The cluster of instance " + stopped.instanceId() + " (" + stopped.cluster()
            + ") is not registered"));
    if (bootVolumes == null) {
      throw new UnavailableException(ResourceKind.INSTANCE, "This cloud cannot start EBS-backed instances yet");
    }
    String uuid = java.util.UUID.randomUUID().toString();
    Instance pending = db.inTransaction(s -> {
      Instance managed = InstanceService.locked(s, stopped.instanceId());
      return managed != null && managed.restart(uuid, clock.instant()) ? managed : null;
    });
    if (pending == null) {
      return null;
    }
    String id = pending.instanceId();
    org.eucalyptus.wsdl.cc.InstanceVolumesType volumes;
    try {
      volumes = bootVolumes.reexport(cluster, id, pending.rootDeviceName());
    } catch (org.eucalyptus.clc.errors.DomainException e) {
      stopAgain(id, "Server.InternalError: " + e.getMessage());
      throw e;
    }
    RunInstances run = runRequest(List.of(pending), req, image, type, pending.userId(), pending.accountNumber());
    run.getInstanceVolumes().add(volumes);
    List<CcInstanceType> placed;
    try {
      placed = sendWhileUnsure(cluster, run, req.groups());
    } catch (EucalyptusFault_Exception e) {
      String code = e.getFaultInfo() == null ? "InternalError" : e.getFaultInfo().getCode();
      String message = e.getFaultInfo() == null ? e.getMessage() : e.getFaultInfo().getMessage();
      stopAgain(id, "Server." + code + ": " + message);
      bootVolumes.endExports(id);
      if ("InsufficientInstanceCapacity".equals(code)) {
        throw new InsufficientCapacityException(ResourceKind.INSTANCE, "There is not enough capacity in "
            + cluster.name() + " for a " + type.name() + " instance: " + message);
      }
      throw new ClusterFailureException(ResourceKind.INSTANCE, "Cluster " + cluster.name() + " refused to start "
          + id + ": " + message);
    } catch (RuntimeException e) {
      LOG.warn("cluster {} unreachable while starting {}: {}", cluster.name(), id, e.toString());
      if (neverConnected(e)) {
        stopAgain(id, "Server.InternalError: cluster " + cluster.name() + " unreachable");
        bootVolumes.endExports(id);
      }
      // Else the launch may have arrived: the state sync follows what the cluster reports of it (a
      // launch never reported stops the instance again after the lost-instance time).
      throw new UnavailableException(ResourceKind.INSTANCE,
          "Cluster " + cluster.name() + " is not available; try again later");
    }
    if (placed.stream().noneMatch(p -> p.getInstanceId().equalsIgnoreCase(id))) {
      stopAgain(id, "Server.InsufficientInstanceCapacity: no room in " + cluster.name());
      bootVolumes.endExports(id);
      throw new InsufficientCapacityException(ResourceKind.INSTANCE, "There is not enough capacity in "
          + cluster.name() + " for a " + type.name() + " instance");
    }
    recordPlaced(List.of(pending), placed, null);
    return pending;
  }

  private void stopAgain(String instanceId, String reason) {
    String r = reason.length() > 250 ? reason.substring(0, 250) : reason;
    db.run(s -> {
      Instance inst = InstanceService.locked(s, instanceId);
      if (inst != null) {
        inst.startFailed(r, clock.instant());
      }
    });
  }

  /** Ends instances that never ran, with the reason shown to their owner. */
  void end(List<Instance> instances, String reason) {
    Instant now = clock.instant();
    String r = reason.length() > 250 ? reason.substring(0, 250) : reason;
    db.run(s -> instances.stream().map(Instance::instanceId).sorted().forEach(id -> {
      Instance inst = InstanceService.locked(s, id);
      if (inst != null) {
        inst.advance(InstanceState.TERMINATED, r, now);
      }
    }));
  }

  private RunInstances runRequest(List<Instance> created, LaunchRequest req, Image image, VmType type, String userId,
      String accountNumber) {
    RunInstances run = new RunInstances();
    run.setBrief(true); // the answer's instances without the boot records and user data sent here
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
      run.getUuids().add(inst.launchUuid());
    }
    // As in 3.1, netNames are the reservation's security groups, each once, the first naming its
    // network; every instance is in all of them. (Sent once per instance, each instance of a launch
    // of 100 carried the name 100 times: two thirds of every report of it, at the nodes, the CC and here.)
    req.groups().forEach(g -> run.getNetNames().add(g.name()));
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
    java.util.Map<String, Integer> placedAt = new java.util.HashMap<>();
    for (int k = 0; k < placedIds.size(); k++) {
      placedAt.putIfAbsent(placedIds.get(k), k);
    }
    List<Instance> launched = db.inTransaction(s -> {
      List<Instance> out = new ArrayList<>();
      for (Instance managed : InstanceLocks.inIdOrder(s, created.stream().map(Instance::instanceId).toList())) {
        int at = placedAt.getOrDefault(managed.instanceId(), -1);
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
      // Each instance gets a public address from its cluster's pool for its life, while there are any; in
      // this transaction, so a launch commits once here (it held these rows already, in id order).
      addresses.lendToNew(s, out.stream().map(Instance::instanceId).toList());
      return out;
    });
    networks.addressesChanged(); // MANAGED clusters NAT the lent addresses
    return launched;
  }

  /** What {@link #reserve} made: new pending instances, or those of an earlier launch with the same client token. */
  private record Reserved(List<Instance> instances, boolean earlier) {}

  /**
   * Inserts the reservation's pending instances under fresh ids, drawing others when an id is
   * taken. The client token is unique per account and launch index in the schema, so of two
   * concurrent launches with one token only one inserts; the other, on its next try, finds and
   * returns the winner's reservation. Under an instance quota, as many instances as fit from
   * MaxCount down to MinCount are recorded (EC2's rule), counted under the account's lock.
   */
  private Reserved reserve(Caller caller, LaunchRequest req, Image image, VmType type, Cluster cluster,
      QuotaClaim quota) throws LimitExceededException {
    return db.insertWithFreshIds(ID_ATTEMPTS, s -> {
      if (req.clientToken() != null) {
        List<Instance> earlier = byClientToken(s, caller.accountNumber(), req.clientToken());
        if (!earlier.isEmpty()) {
          return new Reserved(earlier, true);
        }
      }
      int count = QuotaGuard.admit(s, quota, Holdings.INSTANCES, req.minCount(), req.maxCount(),
          ResourceKind.INSTANCE, "instances");
      String reservationId = freshReservationId(s);
      Instant now = clock.instant();
      List<Instance> created = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String id = ids.next("i");
        created.add(new Instance(id, reservationId, caller.accountNumber(), caller.userId(), image.imageId(),
            req.kernelId(), req.ramdiskId(), type.name(), cluster.name(), req.keyName(), req.userData(), i,
            macFor(id), req.clientToken(), req.groups().stream().map(SecurityGroup::groupId).toList(), now));
        if (image.ebsBacked()) {
          created.get(i).bootsFromEbs(image.rootDeviceName());
        }
      }
      created.forEach(s::persist);
      // RunInstances' TagSpecification (instance): in the instances' own transaction, as EC2 tags them at launch.
      for (Instance i : created) {
        req.instanceTags().forEach((k, v) -> s.persist(new org.eucalyptus.clc.tags.Tag(i.instanceId(), k, v,
            "instance", i.accountNumber())));
      }
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
      Instance inst = InstanceService.locked(s, id);
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
          Instance inst = InstanceService.locked(s, id);
          inst.advance(InstanceState.TERMINATED, r, now);
          inst.forgetClientToken();
        }));
  }

  private Cluster chooseCluster(String zone) throws InvalidException, InsufficientCapacityException {
    if (zone != null) {
      return clusters.find(zone).orElseThrow(() -> new InvalidException(ResourceKind.AVAILABILITY_ZONE,
          "Availability zone " + zone + " does not exist"));
    }
    List<Cluster> all = clusters.list();
    if (all.isEmpty()) {
      throw new InsufficientCapacityException(ResourceKind.INSTANCE, "No cluster is registered with this cloud");
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
}
