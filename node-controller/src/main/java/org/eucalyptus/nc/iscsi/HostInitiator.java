package org.eucalyptus.nc.iscsi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.nc.hypervisor.HypervisorException;
import org.eucalyptus.nc.hypervisor.IscsiTarget;
import org.eucalyptus.nc.hypervisor.NetworkDisk;

/**
 * NC_ISCSI_MODE=host: the node's kernel is the initiator (open-iscsi). Connecting a volume finds its
 * target at the portal (sendtargets), writes the target's node record with the CHAP login, logs in
 * and waits for udev's {@code /dev/disk/by-path/ip-<portal>-iscsi-<iqn>-lun-<lun>}, which the guest
 * gets as a block disk. Disconnecting logs out and removes the record. A volume whose device is
 * there already (its session outlived a restart of the node controller) is left as it is.
 */
public final class HostInitiator implements VolumeInitiator {
  private static final Logger LOG = LogManager.getLogger(HostInitiator.class);
  private final Iscsiadm iscsiadm;
  private final Path byPath;
  private final Duration deviceWait;

  /**
   * @param byPath where udev links block devices by their path, /dev/disk/by-path
   * @param deviceWait how long a login's block device may take to appear
   */
  public HostInitiator(Iscsiadm iscsiadm, Path byPath, Duration deviceWait) {
    this.iscsiadm = iscsiadm;
    this.byPath = byPath;
    this.deviceWait = deviceWait;
  }

  /** The block device udev makes for a session's LUN. */
  public Path device(IscsiTarget t) {
    return byPath.resolve("ip-" + t.portal() + "-iscsi-" + t.iqn() + "-lun-" + t.lun());
  }

  @Override
  public NetworkDisk connect(NetworkDisk disk) throws HypervisorException {
    IscsiTarget t = disk.target();
    Path dev = device(t);
    if (Files.exists(dev)) {
      return asAttached(disk); // logged in already
    }
    List<String> offered;
    try {
      offered = iscsiadm.discover(t.portal());
    } catch (Iscsiadm.Failure e) {
      throw new HypervisorException("cannot attach " + disk.volumeId() + ": discovery at " + t.portal()
          + " failed: " + e.getMessage(), e);
    }
    if (!offered.contains(t.iqn())) {
      throw new HypervisorException("cannot attach " + disk.volumeId() + ": the portal " + t.portal()
          + " does not offer target " + t.iqn());
    }
    try {
      iscsiadm.writeRecord(t, disk.chapUser(), disk.chapPassword());
      iscsiadm.login(t);
      long deadline = System.nanoTime() + deviceWait.toNanos();
      while (!Files.exists(dev)) {
        if (System.nanoTime() - deadline > 0) {
          throw new Iscsiadm.Failure("logged in, but " + dev + " did not appear within " + deviceWait.toSeconds()
              + " s (is udev running?)");
        }
        Thread.sleep(100);
      }
    } catch (Iscsiadm.Failure | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      undo(disk);
      throw new HypervisorException("cannot attach " + disk.volumeId() + ": login to " + t.iqn() + " at "
          + t.portal() + " failed: " + e.getMessage(), e);
    }
    LOG.info("logged in to {} at {} for {}: {}", t.iqn(), t.portal(), disk.volumeId(), dev);
    return asAttached(disk);
  }

  @Override
  public NetworkDisk asAttached(NetworkDisk disk) {
    return new NetworkDisk(disk.volumeId(), disk.target(), disk.targetDev(), disk.chapUser(), disk.chapPassword(),
        device(disk.target()));
  }

  @Override
  public void disconnect(NetworkDisk disk) throws HypervisorException {
    IscsiTarget t = disk.target();
    try {
      iscsiadm.logout(t);
      iscsiadm.deleteRecord(t);
    } catch (Iscsiadm.Failure e) {
      throw new HypervisorException("cannot log out of " + t.iqn() + " at " + t.portal() + " for "
          + disk.volumeId() + ": " + e.getMessage(), e);
    }
    LOG.info("logged out of {} at {} ({})", t.iqn(), t.portal(), disk.volumeId());
  }

  /** After a failed login: no session and no record (with its password) left behind. */
  private void undo(NetworkDisk disk) {
    try {
      disconnect(disk);
    } catch (HypervisorException e) {
      LOG.warn("after the failed login of {}: {}", disk.volumeId(), e.getMessage());
    }
  }
}
