package org.eucalyptus.sc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.sc.iscsi.Exports;
import org.eucalyptus.sc.snapshots.WalrusSnapshots;
import org.eucalyptus.sc.store.ExportRows;
import org.eucalyptus.sc.store.Snapshot;
import org.eucalyptus.sc.store.SnapshotRows;
import org.eucalyptus.sc.store.Volume;
import org.eucalyptus.sc.store.VolumeRows;
import org.eucalyptus.sc.volumes.VolumeBackend;

/**
 * Sets the host right with the database at start, so that a restart or a kill -9 leaks nothing: work
 * the last run left unfinished ends (volumes being made fail and lose their bytes, deletions finish,
 * snapshots being copied fail and their partial upload goes), bytes no row names are removed, and
 * tgt is made to serve exactly the exports recorded.
 */
final class Reconciliation {
  private static final Logger LOG = LogManager.getLogger(Reconciliation.class);
  static final String INTERRUPTED = "the storage controller stopped while this was under way";

  private final VolumeRows volumes;
  private final ExportRows exportRows;
  private final SnapshotRows snapshots;
  private final VolumeBackend backend;
  private final Exports exports;
  private final Optional<WalrusSnapshots> walrus;
  private final Path copiesDir;

  Reconciliation(VolumeRows volumes, ExportRows exportRows, SnapshotRows snapshots, VolumeBackend backend,
      Exports exports, Optional<WalrusSnapshots> walrus, Path copiesDir) {
    this.volumes = volumes;
    this.exportRows = exportRows;
    this.snapshots = snapshots;
    this.backend = backend;
    this.exports = exports;
    this.walrus = walrus;
    this.copiesDir = copiesDir;
  }

  void run() throws IOException {
    Set<String> keep = new HashSet<>();
    for (Volume v : volumes.list(List.of())) {
      switch (v.status()) {
        case CREATING -> {
          backend.delete(v.id());
          volumes.move(v.id(), Volume.Status.CREATING, Volume.Status.FAILED, INTERRUPTED);
          LOG.info("volume {} was being made when the SC stopped: failed", v.id());
        }
        case DELETING -> {
          backend.delete(v.id());
          volumes.delete(v.id());
        }
        case AVAILABLE -> keep.add(v.id());
        case FAILED -> backend.delete(v.id());
        default -> { }
      }
    }
    for (String id : backend.list()) {
      if (!keep.contains(id)) {
        LOG.info("removing volume {}: no row names it", id);
        backend.delete(id);
      }
    }
    exports.reconcile(exportRows.list(Optional.empty()), id -> {
      try {
        return backend.path(id);
      } catch (IOException e) {
        return Optional.empty();
      }
    });
    for (Snapshot s : snapshots.list(List.of())) {
      if (s.status() == Snapshot.Status.PENDING) {
        String reason = INTERRUPTED;
        try {
          if (walrus.isPresent()) {
            walrus.get().delete(s.id());
          }
        } catch (IOException | RuntimeException e) {
          reason += "; its partial upload could not be removed from Walrus (" + e.getMessage() + ")";
        }
        snapshots.move(s.id(), Snapshot.Status.PENDING, Snapshot.Status.FAILED, 0, reason);
        LOG.info("snapshot {} was being copied when the SC stopped: failed", s.id());
      }
    }
    // Point-in-time copies left by a kill: nothing reads them any more.
    if (Files.isDirectory(copiesDir)) {
      try (var files = Files.list(copiesDir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
