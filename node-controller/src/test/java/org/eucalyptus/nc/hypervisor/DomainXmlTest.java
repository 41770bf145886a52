package org.eucalyptus.nc.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

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
    assertThat(xml).contains("<domain type='qemu'>")
        .contains("<type arch='x86_64' machine='pc'>hvm</type>")
        .contains("<kernel>/c/vmlinuz</kernel>")
        .contains("<initrd>/c/initrd.gz</initrd>")
        .contains("<cmdline>console=ttyS0 root=/dev/vda</cmdline>")
        .contains("<features><acpi/></features>")
        .contains("<on_poweroff>destroy</on_poweroff>")
        .contains("<source file='/w/i-1/root.qcow2'/><target dev='vda' bus='virtio'/>")
        .contains("<interface type='bridge'><source bridge='eucabr10'/><mac address='d0:0d:00:00:00:01'/>"
            + "<model type='virtio'/></interface>")
        .contains("<serial type='file'><source path='/w/i-1/console.log'/><target port='0'/></serial>");
  }

  @Test
  void escapesWhatItEmbeds() {
    String xml = DomainXml.render(new DomainSpec("i-1", "kvm", 64, 1, Path.of("/a'b/<k>"), null, "x&y", List.of(),
        null, null));
    assertThat(xml).contains("<kernel>/a&apos;b/&lt;k&gt;</kernel>").contains("<cmdline>x&amp;y</cmdline>");
  }
}
