package org.eucalyptus.nc.iscsi;

import org.eucalyptus.nc.hypervisor.HypervisorException;
import org.eucalyptus.nc.hypervisor.NetworkDisk;

/**
 * Who logs into a volume's iSCSI target for a guest (NC_ISCSI_MODE): QEMU itself ({@link QemuInitiator})
 * or the node's kernel ({@link HostInitiator}). The disk the domain gets follows from it.
 */
public interface VolumeInitiator {
  /**
   * Makes the target reachable for the guest and returns the disk as the domain takes it. Connecting a
   * volume already connected is no change (a restarted node calls it for what its checkpoint holds).
   */
  NetworkDisk connect(NetworkDisk disk) throws HypervisorException;

  /** The disk as the domain has it once connected, without connecting (to detach it). */
  NetworkDisk asAttached(NetworkDisk disk);

  /** Ends the node's connection to the target once the domain has let go of it; a volume not connected is fine. */
  void disconnect(NetworkDisk disk) throws HypervisorException;
}
