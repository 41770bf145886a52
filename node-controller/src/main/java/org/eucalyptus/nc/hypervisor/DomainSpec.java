package org.eucalyptus.nc.hypervisor;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything needed to describe one instance's domain.
 *
 * @param type libvirt domain type: {@code test}, {@code qemu} or {@code kvm}
 * @param kernel kernel image, or null to boot from the first disk
 * @param nic the network interface, or null for none
 * @param consoleLog where the serial console is written, or null
 * @param volumes EBS volumes attached from the start (boot-from-EBS and block device mappings)
 */
public record DomainSpec(
    String name,
    String type,
    int memoryMb,
    int vcpus,
    Path kernel,
    Path ramdisk,
    String cmdline,
    List<Disk> disks,
    Nic nic,
    Path consoleLog,
    List<NetworkDisk> volumes) {

  public DomainSpec {
    disks = List.copyOf(disks);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
  }

  /** A domain with no EBS volumes. */
  public DomainSpec(String name, String type, int memoryMb, int vcpus, Path kernel, Path ramdisk, String cmdline,
      List<Disk> disks, Nic nic, Path consoleLog) {
    this(name, type, memoryMb, vcpus, kernel, ramdisk, cmdline, disks, nic, consoleLog, List.of());
  }

  /** A disk image attached as a virtio disk. */
  public record Disk(Path file, String format, String targetDev, boolean readOnly) {}

  /** One interface on a bridge, with the MAC the cluster assigned. */
  public record Nic(String bridge, String mac) {}
}
