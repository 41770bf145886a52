package org.eucalyptus.cc.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.cc.instances.CcInstance;
import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.cc.network.ClusterNetworking;
import org.eucalyptus.cc.network.LaunchNetwork;
import org.eucalyptus.cc.network.LaunchNic;
import org.eucalyptus.cc.network.NetworkRefusal;
import org.eucalyptus.cc.nodes.NodeInstances;
import org.eucalyptus.cc.scheduler.Placement;
import org.eucalyptus.cc.scheduler.VmShape;
import org.eucalyptus.cc.volumes.BootVolumeSeals;
import org.eucalyptus.wsdl.cc.RunInstances;
import org.eucalyptus.wsdl.cc.RunInstancesResponse;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.eucalyptus.wsdl.types.NetConfigType;

/**
 * Places every instance of the request first (all or nothing below minCount), then starts them on
 * their nodes in parallel. An instance whose node refuses it is reported Teardown with the reason.
 * The calls to the nodes go out through the non-blocking calls that follow the nodes, on their one
 * shared client: no thread waits for a node, and a node needs no client of its own (one costs a
 * service model, ~225 KiB, and its making was most of a cluster's first launch on a node).
 *
 * <p>A request is idempotent per instance id and uuid: an id the cluster already has, or is launching for an
 * earlier request, is answered with what the cluster knows of it and is not started again, unless
 * the cluster's launch of it has ended and the request's uuid is another (StartInstances of an
 * instance stopped here: a new launch of the same id, which starts). So the
 * cloud controller may send a launch again when it cannot know whether the first one arrived (it
 * was killed while sending it), without a second copy of the instance ever starting.
 */
final class RunInstancesHandler {
  private static final Logger LOG = LogManager.getLogger(RunInstancesHandler.class);
  private static final java.util.regex.Pattern INSTANCE_ID = java.util.regex.Pattern.compile("i-[0-9A-Za-z]{8,17}");

  private final Placement placement;
  private final InstanceCache cache;
  private final ExecutorService calls;
  private final ClusterNetworking networking;
  /** Waits until every node's instances are in the cache (false: some node did not answer in time). */
  private final java.util.function.BooleanSupplier nodesHeard;
  /** Ids whose launch is under way in some request: not yet in the cache, and not to be started twice. */
  private final java.util.Set<String> launching = new java.util.HashSet<>();
  private final BootVolumeSeals seals;
  private final org.eucalyptus.common.soap.NonBlockingCalls nodeCalls;
  /** Adopted by {@link #nodeCalls}: each call names its node. */
  private final org.eucalyptus.wsdl.nc.EucalyptusNCPortType nodeClient;
  /** How long a node has to admit a launch (it answers before the instance boots), as its clients' receive timeout. */
  static final java.time.Duration NODE_ANSWER_WAIT = java.time.Duration.ofSeconds(60);

  /** @param networking what the cluster's network mode gives each new instance (its addresses, its node readied) */
  RunInstancesHandler(Placement placement, InstanceCache cache, ExecutorService calls, ClusterNetworking networking,
      java.util.function.BooleanSupplier nodesHeard, BootVolumeSeals seals,
      org.eucalyptus.common.soap.NonBlockingCalls nodeCalls, org.eucalyptus.wsdl.nc.EucalyptusNCPortType nodeClient) {
    this.nodeCalls = nodeCalls;
    this.nodeClient = nodeClient;
    this.nodesHeard = nodesHeard;
    this.seals = seals;
    this.placement = placement;
    this.cache = cache;
    this.calls = calls;
    this.networking = networking;
  }

  RunInstancesResponse handle(RunInstances req) throws CcException {
    List<String> ids = req.getInstanceIds();
    var t = req.getInstanceType();
    if (ids.isEmpty()) {
      throw new CcException("InvalidParameterValue", "instanceIds is empty");
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String id : ids) {
      // The MAC the CC derives from an id takes its hex digits; the node takes only ids of this form.
      if (!INSTANCE_ID.matcher(id).matches()) {
        throw new CcException("InvalidParameterValue", "instance id '" + org.eucalyptus.common.xml.XmlChars
            .printable(id) + "' is not of the form i-1A2B3C4D");
      }
      if (!seen.add(id)) {
        throw new CcException("InvalidParameterValue", "instanceIds names " + id + " twice");
      }
    }
    if (t == null || t.getCores() < 1 || t.getMemory() < 1 || t.getDisk() < 0) {
      throw new CcException("InvalidParameterValue", "instanceType needs at least 1 core and 1 MB of memory");
    }
    if (!req.getMacAddresses().isEmpty() && req.getMacAddresses().size() != ids.size()) {
      throw new CcException("InvalidParameterValue", "macAddresses must have one entry per instance");
    }
    if (!nodesHeard.getAsBoolean()) {
      // Right after a restart the cache may not hold an instance a node already runs: a launch sent
      // again could start a second copy on another node.
      throw new CcException("ServiceUnavailable", "the cluster has not heard from all its nodes yet; try again");
    }
    List<Integer> fresh = new ArrayList<>();
    java.util.Map<String, CcInstance> known = claim(req, fresh);
    try {
      return handle(req, fresh, known);
    } finally {
      synchronized (launching) {
        fresh.forEach(k -> launching.remove(ids.get(k)));
      }
    }
  }

  /**
   * Splits the request's ids into those this call starts (their positions go to {@code fresh},
   * and they are marked as being launched) and those the cluster already has or is launching,
   * returned with their current state.
   */
  private java.util.Map<String, CcInstance> claim(RunInstances req, List<Integer> fresh) {
    java.util.Map<String, CcInstance> known = new java.util.HashMap<>();
    List<String> ids = req.getInstanceIds();
    synchronized (launching) {
      for (int k = 0; k < ids.size(); k++) {
        String id = ids.get(k);
        java.util.Optional<CcInstance> cached = cache.find(id);
        String uuid = k < req.getUuids().size() ? req.getUuids().get(k) : id;
        if (cached.isPresent() && cache.replacesEnded(cached.get().instanceId(), uuid) && !launching.contains(id)) {
          // A new launch of an id this cluster tore down (StartInstances of a stopped instance): the
          // ended launch is forgotten, and this one starts.
          launching.add(id);
          fresh.add(k);
        } else if (cached.isPresent()) {
          known.put(id, cached.get());
        } else if (launching.contains(id) || known.containsKey(id)) {
          known.put(id, inFlight(req, k));
        } else {
          launching.add(id);
          fresh.add(k);
        }
      }
    }
    if (!known.isEmpty()) {
      LOG.info("launch {}: {} already known to the cluster, not started again", req.getReservationId(), known.keySet());
    }
    return known;
  }

  private RunInstancesResponse handle(RunInstances req, List<Integer> fresh,
      java.util.Map<String, CcInstance> known) throws CcException {
    RunInstancesResponse resp = new RunInstancesResponse();
    resp.setCorrelationId(req.getCorrelationId());
    boolean brief = Boolean.TRUE.equals(req.isBrief()); // the caller keeps the launch's boot records and user data
    if (fresh.isEmpty()) {
      req.getInstanceIds().stream().distinct().forEach(id -> resp.getInstances().add(CcInstances.toWire(known.get(id), brief)));
      resp.setReturn(true);
      return resp;
    }
    var t = req.getInstanceType();
    List<Integer> indexes = new ArrayList<>();
    if (!req.getNetworkIndexList().isEmpty()) {
      fresh.forEach(k -> indexes.add(k < req.getNetworkIndexList().size() ? req.getNetworkIndexList().get(k) : null));
      indexes.removeIf(java.util.Objects::isNull);
    }
    int min = Math.max(1, Math.min(req.getMinCount() - known.size(), fresh.size()));
    // Each instance's addresses (in MANAGED modes on its group's network), taken before it is placed.
    LaunchNetwork net;
    try {
      net = networking.launch(req.getVlan(), fresh.size(), indexes);
    } catch (NetworkRefusal e) {
      throw NetworkCalls.fault(e, "InvalidParameterValue");
    }
    java.util.Map<String, CcInstance> started = new java.util.HashMap<>(known);
    try {
      VmShape vm = new VmShape(t.getName(), t.getCores(), t.getMemory(), t.getDisk());
      List<Placement.Reservation> placed = placement.reserve(vm, min,
          fresh.stream().map(req.getInstanceIds()::get).toList());
      if (placed.isEmpty()) {
        throw new CcException("InsufficientInstanceCapacity",
            "not enough free resources for " + min + " " + t.getName() + " instance(s)");
      }
      List<CompletableFuture<CcInstance>> launches = new ArrayList<>();
      for (int k = 0; k < placed.size(); k++) {
        int slot = k;
        // What comes before the node's call (its volumes' seals, its network readied) may block: on the pool.
        launches.add(CompletableFuture.supplyAsync(() -> launch(req, fresh.get(slot), placed.get(slot), net, slot),
            calls).thenCompose(f -> f));
      }
      launches.forEach(f -> {
        CcInstance i = f.join();
        started.put(i.instanceId(), i);
      });
    } finally {
      net.release(); // started instances hold their addresses in the cache now; a refused launch holds none
    }
    // In the request's order; ids beyond what there was room for (minCount <= placed < maxCount) are left out.
    req.getInstanceIds().stream().distinct().filter(started::containsKey).forEach(id -> resp.getInstances().add(CcInstances.toWire(started.get(id), brief)));
    try {
      networking.refresh(); // the new instances' DHCP entries
    } catch (org.eucalyptus.common.exec.CommandRunner.CommandException | java.io.IOException e) {
      LOG.warn("could not update the cluster's network for the new instances: {}", e.getMessage());
    }
    resp.setReturn(true);
    return resp;
  }

  /** What the answer says of an instance another request is starting right now. */
  private static CcInstance inFlight(RunInstances req, int k) {
    String id = req.getInstanceIds().get(k);
    return new CcInstance(id, k < req.getUuids().size() ? req.getUuids().get(k) : id, req.getReservationId(),
        req.getImageId(), null, null, NodeInstances.machine(req.getInstanceType()), req.getKeyName(), null, "Pending",
        null, null, req.getOwnerId(), req.getAccountId(), null, null, String.valueOf(k), null, req.getNetNames());
  }

  /**
   * Starts the request's {@code k}-th instance on its reserved node, as the launch's {@code slot}-th
   * new one: what the node answers, or the instance as Teardown with the reason it did not start.
   */
  private CompletableFuture<CcInstance> launch(RunInstances req, int k, Placement.Reservation r, LaunchNetwork net,
      int slot) {
    String id = req.getInstanceIds().get(k);
    LaunchNic nic = net.nic(slot, id, k < req.getMacAddresses().size() ? req.getMacAddresses().get(k) : null,
        req.getVlan(), k < req.getNetworkIndexList().size() ? req.getNetworkIndexList().get(k) : null);
    NcRunInstance nc = toNc(req, k, nic);
    String node = r.node().serviceTag();
    try {
      withVolumes(nc, req, r.node());
      net.prepare(r.node(), nic);
    } catch (EucalyptusFault_Exception | RuntimeException | BootVolumeSeals.SealException e) {
      return CompletableFuture.completedFuture(refused(req, nc, r, why(e)));
    }
    return nodeCalls.call(nodeClient, node, "ncRunInstance", nc, org.eucalyptus.wsdl.nc.NcRunInstanceResponse.class,
        NODE_ANSWER_WAIT).handle((answer, e) -> {
          if (e != null) {
            return refused(req, nc, r, why(e instanceof java.util.concurrent.CompletionException
                && e.getCause() instanceof Exception c ? c : e instanceof Exception x ? x : new RuntimeException(e)));
          }
          CcInstance result;
          try {
            result = NodeInstances.of(answer.getInstance(), node);
          } catch (RuntimeException bad) {
            // Its reservation is given back all the same: a launch never holds room it does not use.
            return refused(req, nc, r, "its answer could not be read (" + bad.getMessage() + ")");
          }
          placement.settle(r, result, cache::put);
          return result;
        });
  }

  /** Why a launch failed: the node's own message when it refused, else what went wrong on the way. */
  private static String why(Exception e) {
    return e instanceof EucalyptusFault_Exception f && f.getFaultInfo() != null ? f.getFaultInfo().getMessage()
        : e instanceof BootVolumeSeals.SealException ? e.getMessage() : ClusterFaults.brief(e);
  }

  /** The instance as Teardown, with why its node did not start it; its reservation given back. */
  private CcInstance refused(RunInstances req, NcRunInstance nc, Placement.Reservation r, String why) {
    LOG.warn("node {} refused {}: {}", r.node().serviceTag(), nc.getInstanceId(), why);
    CcInstance result = failed(req, nc, r.node().serviceTag(), "failed to start on " + r.node().serviceTag() + ": "
        + why);
    placement.settle(r, result, cache::put);
    return result;
  }

  /**
   * Adds the instance's EBS volumes (boot from EBS) to its node's request, their passwords sealed
   * again for the node's certificate (the node tells it; {@link BootVolumeSeals} checks the cloud
   * issued it). The request's machine type is copied, since its records are this instance's own.
   */
  private void withVolumes(NcRunInstance nc, RunInstances req, org.eucalyptus.cc.nodes.Node node)
      throws EucalyptusFault_Exception, BootVolumeSeals.SealException {
    var volumes = req.getInstanceVolumes().stream().filter(v -> nc.getInstanceId().equals(v.getInstanceId()))
        .findFirst();
    if (volumes.isEmpty() || volumes.get().getVirtualBootRecord().isEmpty()) {
      return;
    }
    String nodeCert = node.client().ncDescribeIdentity(new org.eucalyptus.wsdl.nc.NcDescribeIdentity()).getCertificate();
    var t = req.getInstanceType();
    org.eucalyptus.wsdl.types.VirtualMachineType own = new org.eucalyptus.wsdl.types.VirtualMachineType();
    own.setName(t.getName());
    own.setCores(t.getCores());
    own.setMemory(t.getMemory());
    own.setDisk(t.getDisk());
    own.getVirtualBootRecord().addAll(t.getVirtualBootRecord());
    own.getVirtualBootRecord().addAll(seals.forNode(volumes.get().getVirtualBootRecord(), nodeCert));
    nc.setInstanceType(own);
  }

  private static NcRunInstance toNc(RunInstances req, int k, LaunchNic nic) {
    NcRunInstance nc = new NcRunInstance();
    String id = req.getInstanceIds().get(k);
    nc.setInstanceId(id);
    nc.setUuid(k < req.getUuids().size() ? req.getUuids().get(k) : id);
    nc.setReservationId(req.getReservationId());
    nc.setImageId(req.getImageId());
    nc.setImageURL(req.getImageURL());
    nc.setKernelId(req.getKernelId());
    nc.setKernelURL(req.getKernelURL());
    nc.setRamdiskId(req.getRamdiskId());
    nc.setRamdiskURL(req.getRamdiskURL());
    nc.setInstanceType(req.getInstanceType());
    nc.setKeyName(req.getKeyName());
    nc.setUserData(req.getUserData());
    nc.setLaunchIndex(String.valueOf(k));
    nc.setPlatform(req.getPlatform());
    nc.setOwnerId(req.getOwnerId());
    nc.setAccountId(req.getAccountId());
    nc.setExpiryTime(req.getExpiryTime());
    // netNames are the reservation's security groups: every instance of it is in all of them.
    nc.getGroupNames().addAll(req.getNetNames());
    NetConfigType net = new NetConfigType();
    net.setPrivateMacAddress(nic.mac());
    net.setPrivateIp(nic.privateIp());
    net.setPublicIp(nic.publicIp());
    net.setVlan(nic.vlan());
    net.setNetworkIndex(nic.networkIndex());
    nc.setNetParams(net);
    return nc;
  }


  private static CcInstance failed(RunInstances req, NcRunInstance nc, String node, String why) {
    var asked = nc.getNetParams();
    return new CcInstance(nc.getInstanceId(), nc.getUuid(), req.getReservationId(), req.getImageId(), null, null,
        NodeInstances.machine(req.getInstanceType()), req.getKeyName(), null, InstanceCache.TEARDOWN,
        why.length() > 250 ? why.substring(0, 250) : why,
        new CcInstance.Network(asked.getPrivateMacAddress(), asked.getPrivateIp(), null, asked.getVlan(), null, null),
        req.getOwnerId(), req.getAccountId(), node, null, nc.getLaunchIndex(), null, req.getNetNames());
  }
}
