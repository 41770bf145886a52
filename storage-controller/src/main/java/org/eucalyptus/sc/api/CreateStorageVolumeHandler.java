package org.eucalyptus.sc.api;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.sc.store.Volume;
import org.eucalyptus.sc.store.VolumeRows;
import org.eucalyptus.sc.volumes.VolumeCreation;
import org.eucalyptus.wsdl.sc.CreateStorageVolume;
import org.eucalyptus.wsdl.sc.CreateStorageVolumeResponse;

/** Records the volume as {@code creating} and starts making it; asked again, answers it as it is. */
final class CreateStorageVolumeHandler {
  /** 1 TiB: larger is a mistake here, not a volume. */
  static final int MAX_GIB = 1024;
  private final VolumeRows volumes;
  private final VolumeCreation creation;
  private final Clock clock;

  CreateStorageVolumeHandler(VolumeRows volumes, VolumeCreation creation, Clock clock) {
    this.volumes = volumes;
    this.creation = creation;
    this.clock = clock;
  }

  @SuppressWarnings("ReferenceEquality") // insertOrGet answers the very row it was given when it inserted it
  CreateStorageVolumeResponse handle(CreateStorageVolume req) throws ScException {
    String id = ScIds.volume(req.getVolumeId());
    if (req.getSize() < 1 || req.getSize() > MAX_GIB) {
      throw ScException.invalid("size must be 1 to " + MAX_GIB + " GiB, not " + req.getSize());
    }
    Optional<String> snapshot = req.getSnapshotId() == null || req.getSnapshotId().isBlank() ? Optional.empty()
        : Optional.of(ScIds.snapshot(req.getSnapshotId()));
    Volume asked = new Volume(id, req.getSize(), snapshot, Volume.Status.CREATING, Optional.empty(), clock.instant());
    Volume now = volumes.insertOrGet(asked);
    if (now == asked) {
      creation.start(now);
    } else if (now.sizeGib() != asked.sizeGib() || !now.snapshotId().equals(asked.snapshotId())) {
      throw ScException.invalid("volume " + id + " exists with another size or snapshot");
    }
    CreateStorageVolumeResponse resp = new CreateStorageVolumeResponse();
    resp.setVolume(Wire.volume(now, List.of()));
    resp.setCorrelationId(req.getCorrelationId());
    resp.setReturn(true);
    return resp;
  }
}
