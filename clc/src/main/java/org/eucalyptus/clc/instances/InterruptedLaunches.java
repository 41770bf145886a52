package org.eucalyptus.clc.instances;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;
import org.eucalyptus.clc.keypairs.KeyPair;
import org.eucalyptus.clc.keypairs.KeyPairStore;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.vmtypes.VmType;
import org.eucalyptus.clc.vmtypes.VmTypes;

/**
 * Launches an earlier run of the cloud controller recorded but may never have delivered to their
 * cluster: it stopped between its database write and the cluster's answer. The client may already
 * hold their ids (a retry with the same client token after the restart returns them), so they are
 * launched again from what their records say, reservation by reservation, rather than given up.
 */
public final class InterruptedLaunches {
  private static final Logger LOG = LogManager.getLogger(InterruptedLaunches.class);

  private final Database db;
  private final ClusterRegistry clusters;
  private final InstanceService instances;
  private final ImageStore images;
  private final VmTypes vmTypes;
  private final KeyPairStore keyPairs;
  private final SecurityGroupStore groups;

  public InterruptedLaunches(Database db, ClusterRegistry clusters, InstanceService instances, ImageStore images,
      VmTypes vmTypes, KeyPairStore keyPairs, SecurityGroupStore groups) {
    this.db = db;
    this.clusters = clusters;
    this.instances = instances;
    this.images = images;
    this.vmTypes = vmTypes;
    this.keyPairs = keyPairs;
    this.groups = groups;
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
    Instance first = pending.get(0);
    String gone = null;
    Image image = images.find(first.imageId()).orElse(null);
    VmType type = vmTypes.find(first.vmType()).orElse(null);
    List<SecurityGroup> launchGroups = new ArrayList<>();
    Map<String, SecurityGroup> found = groups.byIds(first.groupIds());
    for (String id : first.groupIds()) {
      if (found.containsKey(id)) {
        launchGroups.add(found.get(id));
      } else {
        gone = "its security group " + id + " no longer exists";
      }
    }
    if (launchGroups.isEmpty() && gone == null) {
      launchGroups.add(groups.ensureDefault(first.accountNumber()));
    }
    if (image == null) {
      gone = "its image " + first.imageId() + " no longer exists";
    } else if (type == null) {
      gone = "its instance type " + first.vmType() + " no longer exists";
    }
    if (gone != null) {
      instances.end(pending, "Launch interrupted: the cloud controller stopped before cluster " + cluster.name()
          + " received it, and " + gone);
      return true;
    }
    String publicKey = null;
    if (first.keyName() != null) {
      publicKey = keyPairs.find(first.accountNumber(), first.keyName()).map(KeyPair::publicKey).orElse(null);
      if (publicKey == null) {
        LOG.warn("key pair {} of launch {} is gone: resumed without it", first.keyName(), first.reservationId());
      }
    }
    LaunchRequest req = new LaunchRequest(first.imageId(), 1, pending.size(), type.name(), cluster.name(),
        first.keyName(), publicKey, launchGroups, first.userData(), first.kernelId(), first.ramdiskId(), null);
    return instances.resume(cluster, pending, req, image, type);
  }
}
