package org.eucalyptus.clc.snapshots;

import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.wsdl.sc.StorageSnapshotType;

/**
 * Moves pending snapshots on as their storage controllers report them: a pending snapshot takes the
 * reported progress, then completed or error. The reports come with the volumes' long poll of each
 * zone's SC ({@code StorageVolumeSync}, which hands every answer's snapshots to {@link #reported}):
 * one poll per SC serves both.
 */
public final class SnapshotStateSync {
  private static final Logger LOG = LogManager.getLogger(SnapshotStateSync.class);

  private final SnapshotStore snapshots;

  public SnapshotStateSync(SnapshotStore snapshots) {
    this.snapshots = snapshots;
  }

  /** One full report of a zone's snapshots, as its SC answered. */
  public void reported(String zone, List<StorageSnapshotType> reported) {
    int changed = snapshots.apply(zone, reports(reported));
    if (changed > 0) {
      LOG.debug("{} snapshot(s) of {} changed", changed, zone);
    }
  }

  static List<SnapshotStore.Report> reports(List<StorageSnapshotType> reported) {
    return reported.stream().map(r -> new SnapshotStore.Report(
        r.getSnapshotId() == null ? "" : r.getSnapshotId().toLowerCase(Locale.ROOT),
        r.getStatus() == null ? "" : r.getStatus(), r.getProgress(), r.getStatusReason())).toList();
  }
}
