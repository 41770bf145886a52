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
