package org.eucalyptus.sc.api;

import java.io.IOException;
import java.util.Optional;
import org.eucalyptus.sc.snapshots.WalrusSnapshots;
import org.eucalyptus.sc.store.Snapshot;
import org.eucalyptus.sc.store.SnapshotRows;
import org.eucalyptus.wsdl.sc.DeleteStorageSnapshot;
import org.eucalyptus.wsdl.sc.DeleteStorageSnapshotResponse;

/**
 * Removes a snapshot: from Walrus first, then its row (so a failure leaves it to be deleted again).
 * Refused while it is still being copied; one the SC does not have is deleted already.
 */
final class DeleteStorageSnapshotHandler {
  private final SnapshotRows snapshots;
  private final Optional<WalrusSnapshots> walrus;

  DeleteStorageSnapshotHandler(SnapshotRows snapshots, Optional<WalrusSnapshots> walrus) {
    this.snapshots = snapshots;
    this.walrus = walrus;
  }

  DeleteStorageSnapshotResponse handle(DeleteStorageSnapshot req) throws ScException, IOException {
    String id = ScIds.snapshot(req.getSnapshotId());
    Optional<Snapshot> s = snapshots.find(id);
    if (s.isPresent()) {
      if (s.get().status() == Snapshot.Status.PENDING) {
        throw new ScException("IncorrectState", "snapshot " + id + " is still being copied");
      }
      if (s.get().status() != Snapshot.Status.DELETING) {
        snapshots.move(id, s.get().status(), Snapshot.Status.DELETING, s.get().progress(), null);
      }
      if (walrus.isPresent()) {
        walrus.get().delete(id);
      } else if (s.get().status() == Snapshot.Status.COMPLETED) {
        throw new IOException("no WALRUS_URL: snapshot " + id + " cannot be removed from Walrus");
      }
      snapshots.delete(id);
    }
    DeleteStorageSnapshotResponse resp = new DeleteStorageSnapshotResponse();
    resp.setCorrelationId(req.getCorrelationId());
    resp.setReturn(true);
    return resp;
  }
}
