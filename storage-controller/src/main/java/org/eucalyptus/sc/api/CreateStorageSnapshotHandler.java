package org.eucalyptus.sc.api;

import java.time.Clock;
import java.util.Optional;
import org.eucalyptus.sc.snapshots.SnapshotCopies;
import org.eucalyptus.sc.store.Snapshot;
import org.eucalyptus.sc.store.SnapshotRows;
import org.eucalyptus.sc.store.Volume;
import org.eucalyptus.sc.store.VolumeRows;
import org.eucalyptus.wsdl.sc.CreateStorageSnapshot;
import org.eucalyptus.wsdl.sc.CreateStorageSnapshotResponse;

/** Records the snapshot as {@code pending} and starts copying it; asked again, answers it as it is. */
final class CreateStorageSnapshotHandler {
  private final VolumeRows volumes;
  private final SnapshotRows snapshots;
  private final SnapshotCopies copies;
  private final Clock clock;

  CreateStorageSnapshotHandler(VolumeRows volumes, SnapshotRows snapshots, SnapshotCopies copies, Clock clock) {
    this.volumes = volumes;
    this.snapshots = snapshots;
    this.copies = copies;
    this.clock = clock;
  }

  @SuppressWarnings("ReferenceEquality") // insertOrGet answers the very row it was given when it inserted it
  CreateStorageSnapshotResponse handle(CreateStorageSnapshot req) throws ScException {
    String volumeId = ScIds.volume(req.getVolumeId());
    String id = ScIds.snapshot(req.getSnapshotId());
    Optional<Snapshot> had = snapshots.find(id);
    Snapshot now;
    if (had.isPresent()) {
      now = had.get();
      if (!now.volumeId().equals(volumeId)) {
        throw ScException.invalid("snapshot " + id + " exists of another volume");
      }
    } else {
      Volume v = volumes.find(volumeId).orElseThrow(() -> new ScException("VolumeNotFound",
          "volume " + volumeId + " does not exist"));
      if (v.status() != Volume.Status.AVAILABLE) {
        throw new ScException("IncorrectState", "volume " + volumeId + " is " + v.status().wire()
            + ", not available");
      }
      Snapshot asked = new Snapshot(id, volumeId, v.sizeGib(), Snapshot.Status.PENDING, 0, Optional.empty(),
          clock.instant());
      now = snapshots.insertOrGet(asked);
      if (now == asked) {
        copies.start(now);
      }
    }
    CreateStorageSnapshotResponse resp = new CreateStorageSnapshotResponse();
    resp.setSnapshot(Wire.snapshot(now));
    resp.setCorrelationId(req.getCorrelationId());
    resp.setReturn(true);
    return resp;
  }
}
