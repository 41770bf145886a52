package org.eucalyptus.sc.api;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eucalyptus.common.util.Versioned;
import org.eucalyptus.sc.store.Snapshot;
import org.eucalyptus.sc.store.SnapshotRows;
import org.eucalyptus.wsdl.sc.DescribeStorageSnapshots;
import org.eucalyptus.wsdl.sc.DescribeStorageSnapshotsResponse;

/** The snapshots named (all when none are); a long poll as DescribeStorageVolumes. */
final class DescribeStorageSnapshotsHandler {
  private final SnapshotRows snapshots;
  private final Versioned version;

  DescribeStorageSnapshotsHandler(SnapshotRows snapshots, Versioned version) {
    this.snapshots = snapshots;
    this.version = version;
  }

  DescribeStorageSnapshotsResponse handle(DescribeStorageSnapshots req) throws ScException, InterruptedException {
    Set<String> ids = new LinkedHashSet<>();
    for (String id : req.getSnapshotIds()) {
      ids.add(ScIds.snapshot(id));
    }
    long v = version.current();
    if (req.getSinceVersion() != null && req.getWaitMillis() != null && req.getSinceVersion() >= v) {
      v = version.awaitChange(req.getSinceVersion(), Math.min(Math.max(0, req.getWaitMillis()),
          DescribeStorageVolumesHandler.MAX_WAIT_MILLIS));
    }
    DescribeStorageSnapshotsResponse resp = new DescribeStorageSnapshotsResponse();
    resp.setVersion(v);
    Set<String> found = new HashSet<>();
    for (Snapshot s : snapshots.list(ids)) {
      found.add(s.id());
      resp.getSnapshots().add(Wire.snapshot(s));
    }
    ids.stream().filter(id -> !found.contains(id)).forEach(id -> resp.getSnapshots().add(Wire.deletedSnapshot(id)));
    resp.setCorrelationId(req.getCorrelationId());
    resp.setReturn(true);
    return resp;
  }
}
