package org.eucalyptus.nc.hypervisor;

/**
 * An EBS volume as the guest gets it: the storage controller's iSCSI export, reached by QEMU's own
 * iSCSI initiator (a libvirt network disk) or, in the host-initiator mode, the block device the
 * node's kernel logged into ({@code hostDevice}); a raw virtio disk at {@code targetDev}.
 *
 * @param volumeId the volume (names its CHAP secret in libvirt)
 * @param chapUser the CHAP login, or null for none
 * @param chapPassword the CHAP password in clear (opened by the node), or null
 * @param hostDevice the host's block device for the host-initiator mode, or null for QEMU's initiator
 */
public record NetworkDisk(String volumeId, IscsiTarget target, String targetDev, String chapUser, String chapPassword,
    java.nio.file.Path hostDevice) {

  @Override
  public String toString() { // never the password, in logs or messages
    return "NetworkDisk[" + volumeId + " " + target + " at " + targetDev + (chapUser == null ? "" : " as " + chapUser)
        + (hostDevice == null ? "" : " via " + hostDevice) + "]";
  }

  /** The usage name of this volume's CHAP secret for {@code domain} in libvirt. */
  public String secretUsage(String domain) {
    return secretPrefix(domain) + volumeId;
  }

  /** Every secret of {@code domain}'s volumes has a usage name starting so. */
  public static String secretPrefix(String domain) {
    return "eucalyptus/" + domain + "/";
  }
}
