package org.eucalyptus.clc.api.snapshots;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.snapshots.Snapshot;
import org.eucalyptus.clc.snapshots.SnapshotStore;
import org.eucalyptus.clc.storage.StorageControllers;
import org.eucalyptus.wsdl.sc.DeleteStorageSnapshot;

/**
 * Deletes one of the caller's snapshots: the storage controller of the zone it was taken in removes
 * it (from Walrus too), then its row, whom it was shared with and its tags go. As in EC2, volumes
 * made (or being made) from it do not hold it: they have their bytes already, or read them first.
 */
public final class DeleteSnapshotAction implements QueryAction {
  private final SnapshotStore snapshots;
  private final StorageControllers storage;

  public DeleteSnapshotAction(SnapshotStore snapshots, StorageControllers storage) {
    this.snapshots = snapshots;
    this.storage = storage;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    Snapshot snap = SnapshotRefs.owned(snapshots, req);
    DeleteStorageSnapshot call = new DeleteStorageSnapshot();
    call.setSnapshotId(snap.snapshotId());
    StorageCalls.call(snap.zone(), "delete snapshot " + snap.snapshotId(), storage.forZone(snap.zone()), sc -> sc.deleteStorageSnapshot(call));
    snapshots.remove(snap.snapshotId());
    return req.response().element("return", "true").toString();
  }
}
