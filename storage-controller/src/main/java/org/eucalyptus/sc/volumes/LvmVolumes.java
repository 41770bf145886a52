package org.eucalyptus.sc.volumes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.exec.CommandRunner.CommandException;

/**
 * Volumes as logical volumes of one LVM volume group, named by their volume ids and tagged
 * {@code eucalyptus-volume}: only logical volumes with that tag are listed or removed, so an
 * operator's other volumes in the group are never touched. Needs the kernel's device-mapper.
 */
public final class LvmVolumes implements VolumeBackend {
  private static final Logger LOG = LogManager.getLogger(LvmVolumes.class);
  private static final int SNAPSHOT_COW_PERCENT = 100;

  private final LvmCommands lvm;
  private final CommandRunner commands;

  /** {@code commands} needs a time limit long enough to zero the largest volume. */
  public LvmVolumes(String volumeGroup, CommandRunner commands) {
    this.lvm = new LvmCommands(volumeGroup);
    this.commands = commands;
  }

  @Override
  public Path create(String volumeId, long bytes) throws IOException {
    run(lvm.create(volumeId, bytes));
    try {
      run(lvm.zeroOut(volumeId));
    } catch (IOException e) {
      try {
        run(lvm.remove(volumeId));
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
    return lvm.device(volumeId);
  }

  @Override
  public Optional<Path> path(String volumeId) throws IOException {
    return list().contains(volumeId) ? Optional.of(lvm.device(volumeId)) : Optional.empty();
  }

  @Override
  public void delete(String volumeId) throws IOException {
    if (!list().contains(volumeId)) {
      return;
    }
    run(lvm.remove(volumeId));
    LOG.info("removed logical volume {}/{}", lvm.volumeGroup(), volumeId);
  }

  @Override
  public Set<String> list() throws IOException {
    return volumesIn(run(lvm.list()));
  }

  @Override
  public PointInTime pointInTime() {
    return new LvmSnapshotPointInTime(lvm, commands, SNAPSHOT_COW_PERCENT);
  }

  /** The volumes in an {@code lvs} listing: tagged as ours, snapshots left out. */
  static Set<String> volumesIn(String lvsOutput) {
    return LvsListing.parse(lvsOutput).stream()
        .filter(lv -> lv.tags().contains(LvmCommands.VOLUME_TAG) && !lv.snapshot())
        .map(LvsListing.LogicalVolume::name).collect(Collectors.toUnmodifiableSet());
  }

  private String run(List<String> argv) throws IOException {
    return run(commands, argv);
  }

  static String run(CommandRunner commands, List<String> argv) throws IOException {
    try {
      return commands.run(argv, null).stdout();
    } catch (CommandException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
