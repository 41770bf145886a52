package org.eucalyptus.clc.api.snapshots;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.snapshots.Snapshot;
import org.eucalyptus.clc.snapshots.SnapshotStore;

/** Finds the snapshot a request names and its caller owns (what changing or deleting one needs). */
final class SnapshotRefs {
  private SnapshotRefs() {}

  static String checkedId(String snapshotId) throws ApiException {
    if (!snapshotId.matches("snap-[0-9a-f]{8}([0-9a-f]{9})?")) {
      throw new ApiException("InvalidSnapshotID.Malformed", "Invalid id: \"" + snapshotId + "\"");
    }
    return snapshotId;
  }

  /** The caller's own snapshot {@code SnapshotId}; the cloud administrator may act on any. */
  static Snapshot owned(SnapshotStore snapshots, QueryRequest req) throws ApiException, NotFoundException {
    String id = checkedId(req.required("SnapshotId"));
    if (req.authorization().cloudAdmin()) {
      return snapshots.find(id).orElseThrow(() -> new NotFoundException(
          org.eucalyptus.clc.errors.ResourceKind.SNAPSHOT, "The snapshot '" + id + "' does not exist."));
    }
    return snapshots.owned(req.caller().accountNumber(), id);
  }
}
