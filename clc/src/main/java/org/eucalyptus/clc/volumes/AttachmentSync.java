package org.eucalyptus.clc.volumes;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.clusters.ClusterStateSync;
import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.VolumeType;

/**
 * Follows attachments in the clusters' instance reports: each instance's {@code volumes[]} as its
 * node has them move attachments from attaching to attached and from detaching to gone; an
 * instance that ended gives its volumes back (the storage controller's exports ended, the volumes
 * marked DeleteOnTermination deleted); one that stopped keeps them, its exports ended now that its
 * domain is gone (a clean stop lets the guest write back its cache first).
 */
public final class AttachmentSync implements ClusterStateSync.ReportListener {
  private static final Logger LOG = LogManager.getLogger(AttachmentSync.class);

  private final VolumeService volumes;

  public AttachmentSync(VolumeService volumes) {
    this.volumes = volumes;
  }

  /** A complete report of the cluster's instances. */
  public void reported(String cluster, List<CcInstanceType> instances) {
    reported(cluster, instances, true);
  }

  @Override
  public void reported(String cluster, List<CcInstanceType> instances, boolean complete) {
    Map<String, Map<String, String>> byInstance = new HashMap<>();
    for (CcInstanceType i : instances) {
      Map<String, String> states = new HashMap<>();
      for (VolumeType v : i.getVolumes()) {
        states.put(v.getVolumeId().toLowerCase(Locale.ROOT), v.getState() == null ? "" : v.getState());
      }
      byInstance.put(i.getInstanceId().toLowerCase(Locale.ROOT), states);
    }
    try {
      volumes.release(volumes.store().applyClusterReport(cluster, byInstance, complete));
    } catch (RuntimeException e) {
      // The instances' sync goes on; the next report tries the volumes again.
      LOG.warn("volume attachments of cluster {} not brought up to date: {}", cluster, e.toString());
    }
  }

  @Override
  public void stopped(String cluster, List<String> instanceIds) {
    for (String id : instanceIds) {
      try {
        volumes.endExportsOf(id);
      } catch (RuntimeException e) {
        LOG.warn("the exports of stopped instance {} were not ended: {}", id, e.toString());
      }
    }
  }
}
