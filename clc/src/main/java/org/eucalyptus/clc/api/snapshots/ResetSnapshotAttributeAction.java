package org.eucalyptus.clc.api.snapshots;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.snapshots.Snapshot;
import org.eucalyptus.clc.snapshots.SnapshotStore;

/** Resets createVolumePermission: the snapshot is its owner's alone again. */
public final class ResetSnapshotAttributeAction implements QueryAction {
  private final SnapshotStore snapshots;

  public ResetSnapshotAttributeAction(SnapshotStore snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    Snapshot snap = SnapshotRefs.owned(snapshots, req);
    String attribute = req.required("Attribute");
    if (!attribute.equals("createVolumePermission")) {
      throw ApiException.invalid("Attribute", attribute, "Only createVolumePermission can be reset.");
    }
    snapshots.resetPermission(snap.snapshotId());
    return req.response().element("return", "true").toString();
  }
}
