package org.eucalyptus.nc.hypervisor;

import org.eucalyptus.common.xml.XmlWriter;

/**
 * Renders the libvirt domain XML for a {@link DomainSpec}: a pure function, compared in tests.
 * QEMU and KVM guests get virtio disks and network and a serial console to a file; Xen guests are
 * paravirtual ({@code <type>linux</type>}), with {@code xvd*} disks on the Xen bus, the
 * {@code vif-bridge} script and the Xen console to the file.
 */
public final class DomainXml {
  private DomainXml() {}

  public static String render(DomainSpec d) {
    boolean test = d.type().equals("test");
    boolean xen = d.type().equals("xen");
    XmlWriter x = XmlWriter.indented().start("domain").attribute("type", d.type())
        .element("name", d.name())
        .element("description", "Eucalyptus instance " + d.name())
        .start("memory").attribute("unit", "MiB").text(d.memoryMb()).end()
        .element("vcpu", d.vcpus());
    os(x, d, test, xen);
    if (test) {
      return x.toString();
    }
    // ACPI lets a guest's power-off reach libvirt; destroy on power-off, reboot or crash so the NC sees it.
    x.start("features").empty("acpi").end()
        .element("on_poweroff", "destroy").element("on_reboot", "restart").element("on_crash", "destroy");
    x.start("devices");
    for (DomainSpec.Disk disk : d.disks()) {
      fileDisk(x, disk, xen);
    }
    for (NetworkDisk v : d.volumes()) {
      networkDisk(x, v, secretUuid(d.name(), v));
    }
    if (d.nic() != null) {
      x.start("interface").attribute("type", "bridge")
          .empty("source").attribute("bridge", d.nic().bridge())
          .empty("mac").attribute("address", d.nic().mac());
      if (xen) {
        x.empty("script").attribute("path", "vif-bridge");
      } else {
        x.empty("model").attribute("type", "virtio");
      }
      x.end();
    }
    if (d.consoleLog() != null) {
      // append: a reboot (the domain created again) adds to the console log instead of emptying it.
      x.start(xen ? "console" : "serial").attribute("type", "file")
          .empty("source").attribute("path", d.consoleLog()).attribute("append", "on")
          .empty("target").attribute("type", xen ? "xen" : null).attribute("port", 0)
          .end();
    }
    if (!xen) {
      x.empty("memballoon").attribute("model", "none");
    }
    return x.toString();
  }

  /** The {@code <disk>} device of an EBS volume, as attach-device takes it. */
  public static String disk(String domain, NetworkDisk v) {
    XmlWriter x = XmlWriter.indented();
    networkDisk(x, v, secretUuid(domain, v));
    return x.toString();
  }

  /**
   * The {@code <disk>} device of an instance's local disk on QEMU/KVM, as attach-device takes it
   * (bench/ebs hot-plugs its local disk with it, so its baseline is what an instance's disk gets).
   */
  public static String disk(DomainSpec.Disk disk) {
    XmlWriter x = XmlWriter.indented();
    fileDisk(x, disk, false);
    return x.toString();
  }

  /** A local disk: no cache mode, so libvirt's default (QEMU's writeback through the host's page cache). */
  private static void fileDisk(XmlWriter x, DomainSpec.Disk disk, boolean xen) {
    x.start("disk").attribute("type", "file").attribute("device", "disk")
        .empty("driver").attribute("name", "qemu").attribute("type", disk.format())
        .empty("source").attribute("file", disk.file())
        .empty("target").attribute("dev", xen ? "x" + disk.targetDev() : disk.targetDev()) // vda -> xvda
        .attribute("bus", xen ? "xen" : "virtio");
    if (disk.readOnly()) {
      x.empty("readonly");
    }
    x.end();
  }

  /** The UUID of the libvirt secret holding a volume's CHAP password: derived, so found again after a restart. */
  public static String secretUuid(String domain, NetworkDisk v) {
    return v.chapUser() == null ? null
        : java.util.UUID.nameUUIDFromBytes(v.secretUsage(domain).getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .toString();
  }

  /**
   * QEMU's own iSCSI initiator (a network disk, CHAP from a libvirt secret), or in the host-initiator
   * mode the block device the host's kernel logged into; raw, uncached (the target is the cache).
   */
  private static void networkDisk(XmlWriter x, NetworkDisk v, String secretUuid) {
    boolean host = v.hostDevice() != null;
    x.start("disk").attribute("type", host ? "block" : "network").attribute("device", "disk")
        .empty("driver").attribute("name", "qemu").attribute("type", "raw").attribute("cache", "none");
    if (host) {
      x.empty("source").attribute("dev", v.hostDevice());
    } else {
      x.start("source").attribute("protocol", "iscsi").attribute("name", v.target().iqn() + "/" + v.target().lun())
          .empty("host").attribute("name", v.target().host()).attribute("port", v.target().port())
          .end();
      if (v.chapUser() != null) {
        x.start("auth").attribute("username", v.chapUser())
            .empty("secret").attribute("type", "iscsi").attribute("uuid", secretUuid)
            .end();
      }
    }
    x.empty("target").attribute("dev", v.targetDev()).attribute("bus", "virtio");
    x.element("serial", v.volumeId()); // the guest finds the volume by it (/sys/block/vdX/serial)
    x.end();
  }

  private static void os(XmlWriter x, DomainSpec d, boolean test, boolean xen) {
    x.start("os");
    if (test) {
      x.element("type", "hvm");
    } else if (xen) {
      x.element("type", "linux");
    } else {
      x.start("type").attribute("arch", "x86_64").attribute("machine", "pc").text("hvm").end();
    }
    if (d.kernel() != null) {
      x.element("kernel", d.kernel()).element("initrd", d.ramdisk()).element("cmdline", d.cmdline());
    } else if (!test && !xen) { // paravirtual Xen guests boot the kernel they are given
      x.empty("boot").attribute("dev", "hd");
    }
    x.end();
  }
}
