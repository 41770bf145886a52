package org.eucalyptus.clc.instances;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.clc.groups.SecurityGroupStore;
import org.eucalyptus.clc.images.ImageStore;
import org.eucalyptus.clc.keypairs.KeyPairStore;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.vmtypes.VmTypes;

/**
 * Launches an earlier run of the cloud controller recorded but may never have delivered to their
 * cluster: it stopped between its database write and the cluster's answer. The client may already
 * hold their ids (a retry with the same client token after the restart returns them), so they are
 * launched again from what their records say, reservation by reservation, rather than given up.
 */
public final class InterruptedLaunches {
  private final Database db;
  private final ClusterRegistry clusters;
  private final InstanceService instances;
  private final LaunchRecords records;

  public InterruptedLaunches(Database db, ClusterRegistry clusters, InstanceService instances, ImageStore images,
      VmTypes vmTypes, KeyPairStore keyPairs, SecurityGroupStore groups) {
    this.db = db;
    this.clusters = clusters;
    this.instances = instances;
    this.records = new LaunchRecords(images, vmTypes, keyPairs, groups);
  }

  /**
   * Launches again those of these instances that are still pending.
   *
   * @return false when the cluster could not be reached: the caller tries again with its next report
   */
  public boolean resume(String clusterName, List<String> instanceIds) {
    Cluster cluster = clusters.find(clusterName).orElse(null);
    if (cluster == null || instanceIds.isEmpty()) {
      return true;
    }
    Map<String, List<Instance>> byReservation = new LinkedHashMap<>();
    db.inTransaction(s -> s.createQuery("from Instance where instanceId in (:ids) and state = 'pending'"
            + " order by reservationId, launchIndex", Instance.class)
        .setParameterList("ids", instanceIds).list())
        .forEach(i -> byReservation.computeIfAbsent(i.reservationId(), r -> new ArrayList<>()).add(i));
    boolean reached = true;
    for (List<Instance> pending : byReservation.values()) {
      pending.sort(Comparator.comparingInt(Instance::launchIndex));
      reached &= resumeReservation(cluster, pending);
    }
    return reached;
  }

  private boolean resumeReservation(Cluster cluster, List<Instance> pending) {
    LaunchRecords.Relaunch again = records.of(pending.get(0), cluster.name(), pending.size());
    if (again.gone() != null) {
      instances.end(pending, "Launch interrupted: the cloud controller stopped before cluster " + cluster.name()
          + " received it, and " + again.gone());
      return true;
    }
    return instances.resume(cluster, pending, again.request(), again.image(), again.type());
  }
}
