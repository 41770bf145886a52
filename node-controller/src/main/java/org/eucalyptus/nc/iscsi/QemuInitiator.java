package org.eucalyptus.nc.iscsi;

import org.eucalyptus.nc.hypervisor.NetworkDisk;

/** NC_ISCSI_MODE=qemu: QEMU's own initiator logs in when the network disk is attached; the node does nothing. */
public final class QemuInitiator implements VolumeInitiator {
  @Override
  public NetworkDisk connect(NetworkDisk disk) {
    return disk;
  }

  @Override
  public NetworkDisk asAttached(NetworkDisk disk) {
    return disk;
  }

  @Override
  public void disconnect(NetworkDisk disk) {
    // QEMU's session ends with the device
  }
}
