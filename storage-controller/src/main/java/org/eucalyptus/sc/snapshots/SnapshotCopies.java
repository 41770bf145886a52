package org.eucalyptus.sc.snapshots;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.sc.iscsi.Exports;
import org.eucalyptus.sc.store.Snapshot;
import org.eucalyptus.sc.store.SnapshotRows;
import org.eucalyptus.sc.volumes.PointInTimeCopy;
import org.eucalyptus.sc.volumes.VolumeBackend;

/**
 * Takes snapshots recorded as {@code pending} on a bounded pool: a point-in-time copy of the volume
 * (its target's writes held for that instant), streamed into Walrus with its progress in the row,
 * then {@code completed}, or {@code failed} with the reason.
 */
public final class SnapshotCopies {
  private static final Logger LOG = LogManager.getLogger(SnapshotCopies.class);
  private final VolumeBackend backend;
  private final SnapshotRows snapshots;
  private final Exports exports;
  private final Optional<WalrusSnapshots> walrus;
  private final ExecutorService pool;

  public SnapshotCopies(VolumeBackend backend, SnapshotRows snapshots, Exports exports,
      Optional<WalrusSnapshots> walrus, ExecutorService pool) {
    this.backend = backend;
    this.snapshots = snapshots;
    this.exports = exports;
    this.walrus = walrus;
    this.pool = pool;
  }

  public void start(Snapshot s) {
    pool.execute(() -> take(s));
  }

  private void take(Snapshot s) {
    try {
      WalrusSnapshots w = walrus.orElseThrow(() -> new IOException("no WALRUS_URL: snapshots cannot be stored"));
      Path source = backend.path(s.volumeId()).orElseThrow(() -> new IOException("volume " + s.volumeId()
          + " has no bytes"));
      try (PointInTimeCopy copy = backend.pointInTime().take(s.volumeId(), source, exports.quiesce(s.volumeId()))) {
        long total = Math.max(1, copy.size());
        int[] last = {0};
        w.upload(s.id(), copy.path(), sent -> {
          int pct = (int) Math.min(99, sent * 100 / total);
          if (pct > last[0]) {
            last[0] = pct;
            snapshots.progress(s.id(), pct);
          }
        });
      }
      snapshots.move(s.id(), Snapshot.Status.PENDING, Snapshot.Status.COMPLETED, 100, null);
      LOG.info("snapshot {} of {} completed", s.id(), s.volumeId());
    } catch (IOException | RuntimeException e) {
      LOG.warn("snapshot {} failed: {}", s.id(), e.getMessage());
      snapshots.move(s.id(), Snapshot.Status.PENDING, Snapshot.Status.FAILED, 0,
          e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }
}
