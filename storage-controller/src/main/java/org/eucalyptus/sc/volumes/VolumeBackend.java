package org.eucalyptus.sc.volumes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Where volumes' bytes live, as the operator chose (SC_BACKEND): sparse files under a directory
 * ({@code FileVolumes}) or logical volumes in an LVM volume group ({@code LvmVolumes}). The storage
 * controller exports the path a volume has here through tgt.
 */
public interface VolumeBackend {
  /** Makes volume {@code volumeId} of {@code bytes} bytes, zero-filled; answers the path tgt exports. */
  Path create(String volumeId, long bytes) throws IOException;

  /** The path of a volume that exists. */
  Optional<Path> path(String volumeId) throws IOException;

  /** Removes a volume and its bytes; a volume that does not exist is removed already. */
  void delete(String volumeId) throws IOException;

  /** The ids of the volumes present, whatever the database says (for the reconciliation at start). */
  Set<String> list() throws IOException;

  /** How a stable image of a volume in use is taken on this backend. */
  PointInTime pointInTime();
}
