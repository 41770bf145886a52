package org.eucalyptus.cc.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.eucalyptus.cc.instances.CcInstance;
import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.cc.nodes.Node;

/**
 * Places instances on nodes without ever over-committing one: a node's free resources are its size
 * minus the instances the cluster knows on it minus the launches under way there, and every
 * placement happens under one lock.
 */
public final class Placement {
  /** Room held on a node for one instance while its launch is under way. */
  /** Room held on a node for an instance (its id, when the launch named it) until its launch settles. */
  public record Reservation(Node node, VmShape vm, String instanceId) {}

  private final java.util.function.Supplier<List<Node>> nodes;
  private final InstanceCache cache;
  private final SchedulingPolicy policy;
  private final List<Reservation> inFlight = new ArrayList<>();

  public Placement(List<Node> nodes, InstanceCache cache, SchedulingPolicy policy) {
    this(() -> nodes, cache, policy);
  }

  /** @param nodes the cluster's nodes now (nodes come and go at run time) */
  public Placement(java.util.function.Supplier<List<Node>> nodes, InstanceCache cache, SchedulingPolicy policy) {
    this.nodes = nodes;
    this.cache = cache;
    this.policy = policy;
  }

  /**
   * Reserves room for up to {@code max} instances; all or nothing below {@code min}.
   *
   * @return the reservations, or an empty list if fewer than {@code min} fit
   */
  public synchronized List<Reservation> reserve(VmShape vm, int min, int max) {
    return reserve(vm, min, java.util.Collections.nCopies(max, null));
  }

  /**
   * As {@link #reserve(VmShape, int, int)}, for up to {@code ids.size()} instances, the k-th
   * reservation for {@code ids.get(k)}: once a node reports that instance (its report may come
   * before its launch settles here), the node's use counts it and its reservation no longer does.
   */
  public synchronized List<Reservation> reserve(VmShape vm, int min, List<String> ids) {
    int max = ids.size();
    List<Node> nodes = this.nodes.get(); // one snapshot: the views and the picks index the same list
    List<NodeView> views = views(nodes);
    List<Reservation> made = new ArrayList<>();
    for (int k = 0; k < max; k++) {
      OptionalInt pick = policy.choose(views, vm);
      if (pick.isEmpty()) {
        break;
      }
      int i = pick.getAsInt();
      views.set(i, views.get(i).minus(vm));
      made.add(new Reservation(nodes.get(i), vm, ids.get(k)));
    }
    if (made.size() < min) {
      return List.of();
    }
    inFlight.addAll(made);
    return made;
  }

  /** Ends a reservation, handing its place to the launched instance (if any) in the same step. */
  public synchronized void settle(Reservation r, CcInstance launched, Consumer<CcInstance> record) {
    if (launched != null) {
      record.accept(launched);
    }
    inFlight.remove(r);
  }

  /** What every node has free now. */
  public synchronized List<NodeView> views() {
    return views(nodes.get());
  }

  private List<NodeView> views(List<Node> nodes) {
    Map<Node, int[]> held = new HashMap<>();
    for (Reservation r : inFlight) {
      if (r.instanceId() != null && cache.holdsLive(r.instanceId(), r.node().serviceTag())) {
        continue; // its node reported it already: counted in that node's use below, not twice
      }
      int[] h = held.computeIfAbsent(r.node(), n -> new int[3]);
      h[0] += r.vm().cores();
      h[1] += r.vm().memoryMb();
      h[2] += r.vm().diskGb();
    }
    // One read of what each node's instances hold (the cache keeps the sums): a view of all nodes
    // costs the number of nodes, not of instances.
    Map<String, InstanceCache.NodeUse> used = cache.liveUseByNode();
    List<NodeView> out = new ArrayList<>(nodes.size());
    for (Node n : nodes) {
      int[] h = held.getOrDefault(n, new int[3]);
      InstanceCache.NodeUse u = used.getOrDefault(n.serviceTag(), InstanceCache.NodeUse.NONE);
      int cores = n.coresMax() - h[0] - u.cores();
      int mem = n.memoryMax() - h[1] - u.memoryMb();
      int disk = n.diskMax() - h[2] - u.diskGb();
      out.add(new NodeView(n.index(), n.serviceTag(), n.up() && n.sized(), cores, mem, disk));
    }
    return out;
  }
}
