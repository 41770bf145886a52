package org.eucalyptus.sc.volumes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.sc.snapshots.WalrusSnapshots;
import org.eucalyptus.sc.store.Volume;
import org.eucalyptus.sc.store.VolumeRows;

/**
 * Makes volumes recorded as {@code creating} on a bounded pool: the backend's volume, filled from the
 * snapshot in Walrus when it has one, then {@code available}, or {@code failed} with the reason. A
 * volume deleted while it was being made (moved to {@code deleting}) has its bytes removed here.
 */
public final class VolumeCreation {
  private static final Logger LOG = LogManager.getLogger(VolumeCreation.class);
  private final VolumeBackend backend;
  private final VolumeRows volumes;
  private final Optional<WalrusSnapshots> walrus;
  private final ExecutorService pool;

  public VolumeCreation(VolumeBackend backend, VolumeRows volumes, Optional<WalrusSnapshots> walrus,
      ExecutorService pool) {
    this.backend = backend;
    this.volumes = volumes;
    this.walrus = walrus;
    this.pool = pool;
  }

  public void start(Volume v) {
    pool.execute(() -> make(v));
  }

  private void make(Volume v) {
    String failure = null;
    try {
      Path p = backend.create(v.id(), v.bytes());
      if (v.snapshotId().isPresent()) {
        WalrusSnapshots w = walrus.orElseThrow(() -> new IOException("no WALRUS_URL: snapshots cannot be read"));
        long size = w.download(v.snapshotId().get(), p, n -> { });
        if (size > v.bytes()) {
          throw new IOException("snapshot " + v.snapshotId().get() + " is larger than the volume");
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("volume {} failed: {}", v.id(), e.getMessage());
      failure = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    if (failure == null && volumes.move(v.id(), Volume.Status.CREATING, Volume.Status.AVAILABLE, null)) {
      LOG.info("volume {} available ({} GiB)", v.id(), v.sizeGib());
      return;
    }
    // Failed, or deleted while being made: its bytes go either way.
    try {
      backend.delete(v.id());
    } catch (IOException | RuntimeException e) {
      LOG.warn("volume {}: its bytes could not be removed: {}", v.id(), e.getMessage());
    }
    if (failure != null) {
      volumes.move(v.id(), Volume.Status.CREATING, Volume.Status.FAILED, failure);
    }
    volumes.find(v.id()).filter(now -> now.status() == Volume.Status.DELETING).ifPresent(now -> volumes.delete(v.id()));
  }
}
