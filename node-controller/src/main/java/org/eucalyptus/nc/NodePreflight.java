package org.eucalyptus.nc;

import org.eucalyptus.common.net.NetworkMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.config.HostChecks;

/**
 * What a node controller's host must have before it starts: the hypervisor it is to use (and
 * libvirt reaching it), the bridge or the interface the networking mode needs (with br_netfilter
 * and iptables where groups are filtered on the node), and room under INSTANCE_PATH. Each
 * problem is one sentence saying what to do.
 */
public final class NodePreflight {
  private NodePreflight() {}

  public static List<String> problems(EucaConf conf) {
    List<String> out = new ArrayList<>();
    NodeSettings settings;
    try {
      settings = NodeSettings.from(conf);
    } catch (IllegalArgumentException e) {
      out.add(e.getMessage()); // a bad setting: the host checks would test the wrong thing
      return out;
    }
    return problems(settings, out);
  }

  private static List<String> problems(NodeSettings settings, List<String> out) {
    String type = settings.hypervisor().type();
    if (type.equals("auto")) {
      type = org.eucalyptus.nc.hypervisor.HypervisorChoice.detect();
    }
    switch (type) {
      case "kvm" -> {
        if (!Files.isReadable(Path.of("/dev/kvm")) || !Files.isWritable(Path.of("/dev/kvm"))) {
          out.add("HYPERVISOR=kvm but /dev/kvm cannot be opened (load kvm_intel or kvm_amd, or use HYPERVISOR=qemu)");
        }
        out.addAll(qemu());
      }
      case "qemu" -> out.addAll(qemu());
      case "xen" -> {
        if (!Files.isDirectory(Path.of("/proc/xen"))) {
          out.add("HYPERVISOR=xen but this host is not running on Xen (no /proc/xen)");
        }
      }
      default -> { } // test
    }
    String uri = settings.hypervisor().libvirtUri().orElse(type.equals("test") ? "test:///default" : "");
    if (!type.equals("test") && (uri.isEmpty() || uri.equals("qemu:///system"))
        && !Files.exists(Path.of("/var/run/libvirt/libvirt-sock")) && !Files.exists(Path.of("/run/libvirt/libvirt-sock"))) {
      out.add("libvirtd is not running (no /run/libvirt/libvirt-sock): start it, or set"
          + " LIBVIRT_URI=qemu:///embed?root=DIR to run libvirt inside the node controller");
    }
    try {
      new org.libvirt.Connect("test:///default", true).close();
    } catch (Throwable e) {
      out.add("libvirt's library cannot be used (" + e.getMessage() + "): apt-get install libvirt0");
    }

    NodeSettings.Network net = settings.network();
    NetworkMode mode = net.mode();
    HostChecks host = new HostChecks(net.netnsPrefix());
    if (mode == NetworkMode.MANAGED) {
      out.addAll(HostChecks.collect(host.netInterface("VNET_PUBINTERFACE", net.pubInterface())));
      if (net.vxlan() && net.localIp().isBlank()) {
        out.add("VNET_SEGMENT=vxlan needs VNET_LOCALIP: this node's address on VNET_PUBINTERFACE");
      }
    } else if (!net.bridge().isBlank()) {
      out.addAll(HostChecks.collect(host.netInterface("VNET_BRIDGE", net.bridge())));
    } else if (mode == NetworkMode.MANAGED_NOVLAN || mode == NetworkMode.STATIC) {
      out.add("VNET_MODE=" + mode.confValue() + " needs VNET_BRIDGE: the bridge guests join");
    }
    if (mode == NetworkMode.MANAGED || mode == NetworkMode.MANAGED_NOVLAN) {
      if (host.procSys("net/bridge/bridge-nf-call-iptables") == null) {
        out.add("the kernel's br_netfilter module is not loaded, so traffic inside a security group cannot be"
            + " filtered (modprobe br_netfilter, and list it in /etc/modules-load.d/)");
      }
      out.addAll(HostChecks.collect(HostChecks.program("iptables-restore", "iptables")));
    }

    if (settings.iscsiMode() == NodeSettings.IscsiMode.HOST) {
      out.addAll(HostChecks.collect(HostChecks.program("iscsiadm", "open-iscsi"),
          HostChecks.program("iscsid", "open-iscsi")));
      if (!IscsiKernel.available()) {
        out.add("NC_ISCSI_MODE=host but this kernel has no iSCSI initiator (no iscsi_tcp module loaded or"
            + " under /lib/modules/" + IscsiKernel.release() + "): modprobe iscsi_tcp, or use NC_ISCSI_MODE=qemu");
      }
    }
    Path instances = settings.storage().instancePath();
    String writable = HostChecks.writableDir("INSTANCE_PATH", instances);
    if (writable != null) {
      out.add(writable);
    } else {
      long wantGb = Math.max(1, settings.capacity().maxDiskGb());
      out.addAll(HostChecks.collect(HostChecks.freeSpace("INSTANCE_PATH", instances, wantGb)));
    }
    return out;
  }

  private static List<String> qemu() {
    return HostChecks.collect(HostChecks.program("qemu-system-x86_64", "qemu-system-x86"),
        HostChecks.program("qemu-img", "qemu-utils"));
  }
}
