package org.eucalyptus.nc.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class DomainXmlTest {
  @Test
  void testDriverDomainIsMinimal() {
    String xml = DomainXml.render(new DomainSpec("i-0000ABCD", "test", 128, 1, null, null, null, List.of(), null, null));
    assertThat(xml).isEqualTo("""
        <domain type='test'>
          <name>i-0000ABCD</name>
          <description>Eucalyptus instance i-0000ABCD</description>
          <memory unit='MiB'>128</memory>
          <vcpu>1</vcpu>
          <os>
            <type>hvm</type>
          </os>
        </domain>
        """);
  }

  @Test
  void qemuDomainBootsAKernelWithDiskNicAndSerialLog() {
    String xml = DomainXml.render(new DomainSpec("i-1", "qemu", 256, 2, Path.of("/c/vmlinuz"), Path.of("/c/initrd.gz"),
        "console=ttyS0 root=/dev/vda", List.of(new DomainSpec.Disk(Path.of("/w/i-1/root.qcow2"), "qcow2", "vda", false)),
        new DomainSpec.Nic("eucabr10", "d0:0d:00:00:00:01"), Path.of("/w/i-1/console.log")));
    assertThat(xml).isEqualTo("""
        <domain type='qemu'>
          <name>i-1</name>
          <description>Eucalyptus instance i-1</description>
          <memory unit='MiB'>256</memory>
          <vcpu>2</vcpu>
          <os>
            <type arch='x86_64' machine='pc'>hvm</type>
            <kernel>/c/vmlinuz</kernel>
            <initrd>/c/initrd.gz</initrd>
            <cmdline>console=ttyS0 root=/dev/vda</cmdline>
          </os>
          <features><acpi/></features>
          <on_poweroff>destroy</on_poweroff>
          <on_reboot>restart</on_reboot>
          <on_crash>destroy</on_crash>
          <devices>
            <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/w/i-1/root.qcow2'/>\
        <target dev='vda' bus='virtio'/></disk>
            <interface type='bridge'><source bridge='eucabr10'/><mac address='d0:0d:00:00:00:01'/>\
        <model type='virtio'/></interface>
            <serial type='file'><source path='/w/i-1/console.log' append='on'/><target port='0'/></serial>
            <memballoon model='none'/>
          </devices>
        </domain>
        """);
  }

  @Test
  void kvmDomainWithoutKernelBootsFromDiskAndHasNoNicWithoutBridge() {
    String xml = DomainXml.render(new DomainSpec("i-2", "kvm", 512, 1, null, null, null,
        List.of(new DomainSpec.Disk(Path.of("/w/i-2/disk.img"), "raw", "vda", true)), null, null));
    assertThat(xml).startsWith("<domain type='kvm'>")
        .contains("<boot dev='hd'/>")
        .contains("<target dev='vda' bus='virtio'/><readonly/></disk>")
        .doesNotContain("<kernel>", "<interface", "<serial");
  }

  @Test
  void escapesWhatItEmbeds() {
    String xml = DomainXml.render(new DomainSpec("i-1", "kvm", 64, 1, Path.of("/a'b/<k>"), null, "x&y", List.of(),
        null, null));
    assertThat(xml).contains("<kernel>/a&apos;b/&lt;k&gt;</kernel>").contains("<cmdline>x&amp;y</cmdline>");
  }

  @Test
  void xenDomainIsParavirtualWithXenDisksAndConsole() {
    String xml = DomainXml.render(new DomainSpec("i-2", "xen", 512, 1, Path.of("/c/vmlinuz"), null,
        "console=hvc0 root=/dev/xvda", List.of(new DomainSpec.Disk(Path.of("/w/i-2/root.qcow2"), "qcow2", "vda", false)),
        new DomainSpec.Nic("xenbr0", "d0:0d:00:00:00:02"), Path.of("/w/i-2/console.log")));
    assertThat(xml).startsWith("<domain type='xen'>").contains("    <type>linux</type>\n")
        .contains("<target dev='xvda' bus='xen'/>").contains("<script path='vif-bridge'/>")
        .contains("<console type='file'><source path='/w/i-2/console.log' append='on'/><target type='xen' port='0'/>")
        .doesNotContain("virtio", "<serial", "memballoon", "<boot dev");
  }
}
