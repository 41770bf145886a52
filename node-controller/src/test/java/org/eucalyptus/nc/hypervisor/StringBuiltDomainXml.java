package org.eucalyptus.nc.hypervisor;

import org.eucalyptus.common.xml.XmlWriter;

/**
 * The domain XML the NC wrote by string concatenation before {@link DomainXml} used the XML
 * writer, kept as it was: the new rendering must mean the same to libvirt for every spec.
 */
final class StringBuiltDomainXml {
  private StringBuiltDomainXml() {}

  public static String render(DomainSpec d) {
    StringBuilder x = new StringBuilder(1024);
    x.append("<domain type='").append(esc(d.type())).append("'>\n");
    x.append("  <name>").append(esc(d.name())).append("</name>\n");
    x.append("  <description>Eucalyptus instance ").append(esc(d.name())).append("</description>\n");
    x.append("  <memory unit='MiB'>").append(d.memoryMb()).append("</memory>\n");
    x.append("  <vcpu>").append(d.vcpus()).append("</vcpu>\n");
    x.append("  <os>\n");
    boolean xen = d.type().equals("xen");
    x.append(d.type().equals("test") ? "    <type>hvm</type>\n" : xen ? "    <type>linux</type>\n"
        : "    <type arch='x86_64' machine='pc'>hvm</type>\n");
    if (d.kernel() != null) {
      x.append("    <kernel>").append(esc(d.kernel().toString())).append("</kernel>\n");
      if (d.ramdisk() != null) {
        x.append("    <initrd>").append(esc(d.ramdisk().toString())).append("</initrd>\n");
      }
      if (d.cmdline() != null) {
        x.append("    <cmdline>").append(esc(d.cmdline())).append("</cmdline>\n");
      }
    } else if (!d.type().equals("test") && !xen) { // paravirtual Xen guests boot the kernel they are given

      x.append("    <boot dev='hd'/>\n");
    }
    x.append("  </os>\n");
    if (d.type().equals("test")) {
      x.append("</domain>\n");
      return x.toString();
    }
    // ACPI lets a guest's power-off reach libvirt; destroy on power-off, reboot or crash so the NC sees it.
    x.append("  <features><acpi/></features>\n");
    x.append("  <on_poweroff>destroy</on_poweroff>\n  <on_reboot>restart</on_reboot>\n  <on_crash>destroy</on_crash>\n");
    x.append("  <devices>\n");
    for (DomainSpec.Disk disk : d.disks()) {
      String dev = xen ? "x" + disk.targetDev() : disk.targetDev(); // vda -> xvda
      x.append("    <disk type='file' device='disk'><driver name='qemu' type='").append(esc(disk.format()))
          .append("'/><source file='").append(esc(disk.file().toString())).append("'/><target dev='")
          .append(esc(dev)).append(xen ? "' bus='xen'/>" : "' bus='virtio'/>").append(disk.readOnly() ? "<readonly/>" : "")
          .append("</disk>\n");
    }
    if (d.nic() != null) {
      x.append("    <interface type='bridge'><source bridge='").append(esc(d.nic().bridge()))
          .append("'/><mac address='").append(esc(d.nic().mac())).append(xen ? "'/><script path='vif-bridge'/>"
              : "'/><model type='virtio'/>").append("</interface>\n");
    }
    if (d.consoleLog() != null && xen) {
      x.append("    <console type='file'><source path='").append(esc(d.consoleLog().toString()))
          .append("' append='on'/><target type='xen' port='0'/></console>\n");
    } else if (d.consoleLog() != null) {
      // append: a reboot (the domain created again) adds to the console log instead of emptying it.
      x.append("    <serial type='file'><source path='").append(esc(d.consoleLog().toString()))
          .append("' append='on'/><target port='0'/></serial>\n");
    }
    if (!xen) {
      x.append("    <memballoon model='none'/>\n");
    }
    x.append("  </devices>\n</domain>\n");
    return x.toString();
  }

  private static String esc(String s) {
    return XmlWriter.escape(s);
  }
}
