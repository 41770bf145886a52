package org.eucalyptus.sc.volumes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.exec.CommandRunner;

/**
 * Point-in-time copies of LVM volumes: an LVM snapshot, taken in an instant under the hold (after
 * the device's cached writes are flushed), read at its own device node, removed when closed.
 */
public final class LvmSnapshotPointInTime implements PointInTime {
  private static final Logger LOG = LogManager.getLogger(LvmSnapshotPointInTime.class);

  private final LvmCommands lvm;
  private final CommandRunner commands;
  private final int cowPercent;

  /**
   * Snapshots in {@code volumeGroup} with copy-on-write space of {@code cowPercent} of the volume's
   * size (100: the snapshot stays valid however much the volume is rewritten while it is read).
   */
  public LvmSnapshotPointInTime(String volumeGroup, CommandRunner commands, int cowPercent) {
    this(new LvmCommands(volumeGroup), commands, cowPercent);
  }

  LvmSnapshotPointInTime(LvmCommands lvm, CommandRunner commands, int cowPercent) {
    this.lvm = lvm;
    this.commands = commands;
    this.cowPercent = cowPercent;
  }

  @Override
  @SuppressWarnings("try") // the hold is kept for the block's length, not used in it
  public PointInTimeCopy take(String volumeId, Path source, Quiesce quiesce) throws IOException {
    String name = snapshotName(volumeId, ThreadLocalRandom.current().nextInt());
    try (Hold hold = quiesce.hold()) {
      LvmVolumes.run(commands, lvm.flush(source));
      LvmVolumes.run(commands, lvm.snapshot(volumeId, name, cowPercent));
    }
    Path device = lvm.device(name);
    long size = Long.parseLong(LvmVolumes.run(commands, lvm.size(device)).strip());
    LOG.info("point-in-time copy of {}: snapshot {}/{}", volumeId, lvm.volumeGroup(), name);
    return new PointInTimeCopy() {
      @Override
      public Path path() {
        return device;
      }

      @Override
      public long size() {
        return size;
      }

      @Override
      public void close() throws IOException {
        LvmVolumes.run(commands, lvm.remove(name));
      }
    };
  }

  /** Removes the snapshots a process killed while it had them left behind (at start). */
  public void removeLeftovers() throws IOException {
    for (LvsListing.LogicalVolume lv : LvsListing.parse(LvmVolumes.run(commands, lvm.list()))) {
      if (lv.tags().contains(LvmCommands.POINT_IN_TIME_TAG)) {
        LOG.info("removing the snapshot {}/{} left by an earlier run", lvm.volumeGroup(), lv.name());
        LvmVolumes.run(commands, lvm.remove(lv.name()));
      }
    }
  }

  static String snapshotName(String volumeId, int nonce) {
    return volumeId + ".pit-" + String.format("%08x", nonce);
  }
}
