package org.eucalyptus.sc.volumes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
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

  /**
   * How many bytes new volumes may still be given here without promising more than the backend
   * holds: its free space, less what the volumes it has may still claim (a sparse file's bytes not
   * written yet) and the operator's reserve. Empty when the backend cannot tell; then only its
   * {@link #create} refuses.
   */
  default OptionalLong room() throws IOException {
    return OptionalLong.empty();
  }

  /** How a stable image of a volume in use is taken on this backend. */
  PointInTime pointInTime();
}
