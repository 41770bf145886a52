package org.eucalyptus.sc.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eucalyptus.common.util.Versioned;
import org.eucalyptus.sc.store.Export;
import org.eucalyptus.sc.store.ExportRows;
import org.eucalyptus.sc.store.Snapshot;
import org.eucalyptus.sc.store.SnapshotRows;
import org.eucalyptus.sc.store.Volume;
import org.eucalyptus.sc.store.VolumeRows;
import org.eucalyptus.wsdl.sc.DescribeStorageVolumes;
import org.eucalyptus.wsdl.sc.DescribeStorageVolumesResponse;

/**
 * The volumes named (all when none are), with whom each is exported to; a volume named that the SC
 * does not have is answered {@code deleted}. With sinceVersion, waits (up to waitMillis) until
 * something changed, as the CC's DescribeInstances. With withSnapshots, every snapshot comes in the
 * same answer: volumes and snapshots share the version, so one long poll follows both.
 */
final class DescribeStorageVolumesHandler {
  static final int MAX_WAIT_MILLIS = 60_000;
  private final VolumeRows volumes;
  private final ExportRows exports;
  private final SnapshotRows snapshots;
  private final Versioned version;

  DescribeStorageVolumesHandler(VolumeRows volumes, ExportRows exports, SnapshotRows snapshots, Versioned version) {
    this.volumes = volumes;
    this.exports = exports;
    this.snapshots = snapshots;
    this.version = version;
  }

  DescribeStorageVolumesResponse handle(DescribeStorageVolumes req) throws ScException, InterruptedException {
    Set<String> ids = new LinkedHashSet<>();
    for (String id : req.getVolumeIds()) {
      ids.add(ScIds.volume(id));
    }
    long v = version.current();
    if (req.getSinceVersion() != null && req.getWaitMillis() != null && req.getSinceVersion() >= v) {
      v = version.awaitChange(req.getSinceVersion(), Math.min(Math.max(0, req.getWaitMillis()), MAX_WAIT_MILLIS));
    }
    DescribeStorageVolumesResponse resp = new DescribeStorageVolumesResponse();
    // The version before the rows: a change racing with the read shows in the next poll.
    resp.setVersion(v);
    Map<String, List<String>> exportedTo = new HashMap<>();
    for (Export e : exports.list(Optional.empty())) {
      exportedTo.computeIfAbsent(e.volumeId(), k -> new ArrayList<>()).add(e.instanceId());
    }
    Set<String> found = new HashSet<>();
    for (Volume vol : volumes.list(ids)) {
      found.add(vol.id());
      resp.getVolumes().add(Wire.volume(vol, exportedTo.getOrDefault(vol.id(), List.of())));
    }
    ids.stream().filter(id -> !found.contains(id)).forEach(id -> resp.getVolumes().add(Wire.deletedVolume(id)));
    if (Boolean.TRUE.equals(req.isWithSnapshots())) {
      for (Snapshot s : snapshots.list(Set.of())) {
        resp.getSnapshots().add(Wire.snapshot(s));
      }
    }
    resp.setCorrelationId(req.getCorrelationId());
    resp.setReturn(true);
    return resp;
  }
}
