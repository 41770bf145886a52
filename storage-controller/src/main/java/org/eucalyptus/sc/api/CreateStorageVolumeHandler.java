package org.eucalyptus.sc.api;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.eucalyptus.sc.store.Volume;
import org.eucalyptus.sc.store.VolumeRows;
import org.eucalyptus.sc.volumes.VolumeBackend;
import org.eucalyptus.sc.volumes.VolumeCreation;
import org.eucalyptus.wsdl.sc.CreateStorageVolume;
import org.eucalyptus.wsdl.sc.CreateStorageVolumeResponse;

/**
 * Records the volume as {@code creating} and starts making it; asked again, answers it as it is. A
 * new volume the backend has no room for (its {@link VolumeBackend#room}, less the volumes recorded
 * but not made yet) is refused with InsufficientVolumeCapacity, EC2's code, before anything is
 * recorded; the check and the record are one step, so parallel creates never share the same room.
 */
final class CreateStorageVolumeHandler {
  /** 1 TiB: larger is a mistake here, not a volume. */
  static final int MAX_GIB = 1024;
  private final VolumeRows volumes;
  private final VolumeCreation creation;
  private final VolumeBackend backend;
  private final Clock clock;
  private final Object admission = new Object();

  CreateStorageVolumeHandler(VolumeRows volumes, VolumeCreation creation, VolumeBackend backend, Clock clock) {
    this.volumes = volumes;
    this.backend = backend;
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
    Volume now;
    synchronized (admission) {
      if (volumes.find(id).isEmpty()) {
        admit(asked);
      }
      now = volumes.insertOrGet(asked);
    }
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

  /** Refuses a volume the backend has no room for; volumes recorded but not on the backend yet count as made. */
  private void admit(Volume asked) throws ScException {
    OptionalLong room;
    long pending = 0;
    try {
      room = backend.room();
      if (room.isEmpty()) {
        return;
      }
      for (Volume v : volumes.list(List.of())) {
        if (v.status() == Volume.Status.CREATING && backend.path(v.id()).isEmpty()) {
          pending += v.bytes();
        }
      }
    } catch (java.io.IOException e) {
      throw new ScException("InternalError", "cannot tell the room left for volumes: " + e.getMessage());
    }
    if (asked.bytes() + pending > room.getAsLong()) {
      throw new ScException("InsufficientVolumeCapacity", "there is not enough room for volume " + asked.id() + " ("
          + asked.sizeGib() + " GiB): " + Math.max(0, room.getAsLong() - pending) / (1 << 20)
          + " MiB is left for new volumes");
    }
  }
}
