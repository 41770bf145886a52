package org.eucalyptus.nc.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eucalyptus.common.xml.InvalidXmlCharacterException;
import org.eucalyptus.common.xml.XmlDocuments;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

@UnitTest
class DomainXmlTest {
  @Test
  void testDriverDomainIsMinimal() {
    String xml = DomainXml.render(new DomainSpec("i-0000ABCD", "test", 128, 1, null, null, null, List.of(), null, null));
    assertThat(xml).isEqualTo("""
        <domain type="test">
          <name>i-0000ABCD</name>
          <description>Eucalyptus instance i-0000ABCD</description>
          <memory unit="MiB">128</memory>
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
        <domain type="qemu">
          <name>i-1</name>
          <description>Eucalyptus instance i-1</description>
          <memory unit="MiB">256</memory>
          <vcpu>2</vcpu>
          <os>
            <type arch="x86_64" machine="pc">hvm</type>
            <kernel>/c/vmlinuz</kernel>
            <initrd>/c/initrd.gz</initrd>
            <cmdline>console=ttyS0 root=/dev/vda</cmdline>
          </os>
          <features>
            <acpi/>
          </features>
          <on_poweroff>destroy</on_poweroff>
          <on_reboot>restart</on_reboot>
          <on_crash>destroy</on_crash>
          <devices>
            <disk type="file" device="disk">
              <driver name="qemu" type="qcow2"/>
              <source file="/w/i-1/root.qcow2"/>
              <target dev="vda" bus="virtio"/>
            </disk>
            <interface type="bridge">
              <source bridge="eucabr10"/>
              <mac address="d0:0d:00:00:00:01"/>
              <model type="virtio"/>
            </interface>
            <serial type="file">
              <source path="/w/i-1/console.log" append="on"/>
              <target port="0"/>
            </serial>
            <memballoon model="none"/>
          </devices>
        </domain>
        """);
  }

  @Test
  void kvmDomainWithoutKernelBootsFromDiskAndHasNoNicWithoutBridge() {
    String xml = DomainXml.render(new DomainSpec("i-2", "kvm", 512, 1, null, null, null,
        List.of(new DomainSpec.Disk(Path.of("/w/i-2/disk.img"), "raw", "vda", true)), null, null));
    assertThat(xml).startsWith("<domain type=\"kvm\">")
        .contains("<boot dev=\"hd\"/>")
        .contains("<target dev=\"vda\" bus=\"virtio\"/>\n      <readonly/>\n    </disk>")
        .doesNotContain("<kernel>", "<interface", "<serial");
  }

  @Test
  void escapesWhatItEmbeds() {
    String xml = DomainXml.render(new DomainSpec("i-1", "kvm", 64, 1, Path.of("/a'b/<k>"), null, "x&y",
        List.of(new DomainSpec.Disk(Path.of("/w/\"q\"&<'>"), "raw", "vda", false)), null, null));
    assertThat(xml).contains("<kernel>/a&apos;b/&lt;k&gt;</kernel>").contains("<cmdline>x&amp;y</cmdline>")
        .contains("<source file=\"/w/&quot;q&quot;&amp;&lt;'&gt;\"/>");
  }

  @Test
  void refusesWhatLibvirtWouldNotReadBack() {
    assertThatThrownBy(() -> DomainXml.render(new DomainSpec("i-1", "kvm", 64, 1, Path.of("/k"), null, "a\u0000b", List.of(),
        null, null))).isInstanceOf(InvalidXmlCharacterException.class);
    assertThatThrownBy(() -> DomainXml.render(new DomainSpec("i-1", "kvm", 64, 1, null, null, null, List.of(),
        null, Path.of("/w/line\nend.log")))).isInstanceOf(InvalidXmlCharacterException.class);
  }

  @Test
  void xenDomainIsParavirtualWithXenDisksAndConsole() {
    String xml = DomainXml.render(new DomainSpec("i-2", "xen", 512, 1, Path.of("/c/vmlinuz"), null,
        "console=hvc0 root=/dev/xvda", List.of(new DomainSpec.Disk(Path.of("/w/i-2/root.qcow2"), "qcow2", "vda", false)),
        new DomainSpec.Nic("xenbr0", "d0:0d:00:00:00:02"), Path.of("/w/i-2/console.log")));
    assertThat(xml).startsWith("<domain type=\"xen\">").contains("    <type>linux</type>\n")
        .contains("<target dev=\"xvda\" bus=\"xen\"/>").contains("<script path=\"vif-bridge\"/>")
        .contains("<console type=\"file\">\n      <source path=\"/w/i-2/console.log\" append=\"on\"/>\n"
            + "      <target type=\"xen\" port=\"0\"/>")
        .doesNotContain("virtio", "<serial", "memballoon", "<boot dev");
  }

  /**
   * Every shape a DomainSpec can take (each domain type; kernel, ramdisk, command line, NIC and
   * console there or not; no, one or two disks, read-only or not; text that needs escaping) gives
   * the same document as the string-built renderer did: same elements, attributes and text.
   */
  @Test
  void meansTheSameAsTheStringBuiltXmlForEveryShape() throws Exception {
    List<List<DomainSpec.Disk>> diskSets = List.of(List.of(),
        List.of(new DomainSpec.Disk(Path.of("/w/i-9/root.qcow2"), "qcow2", "vda", false)),
        List.of(new DomainSpec.Disk(Path.of("/w/i-9/root & 'x'.img"), "raw", "vda", true),
            new DomainSpec.Disk(Path.of("/w/i-9/<eph>.img"), "raw", "vdb", false)));
    int compared = 0;
    for (String type : List.of("test", "qemu", "kvm", "xen")) {
      for (Path kernel : Arrays.asList(null, Path.of("/c/vmlinuz-\"5\""))) {
        for (Path ramdisk : Arrays.asList(null, Path.of("/c/initrd.gz"))) {
          for (String cmdline : Arrays.asList(null, "console=ttyS0 root=/dev/vda a<b&c 'q'")) {
            for (List<DomainSpec.Disk> disks : diskSets) {
              for (DomainSpec.Nic nic : Arrays.asList(null, new DomainSpec.Nic("eucabr10", "d0:0d:00:00:00:09"))) {
                for (Path console : Arrays.asList(null, Path.of("/w/i-9/console.log"))) {
                  DomainSpec spec = new DomainSpec("i-9 & <é>", type, 256, 2, kernel, ramdisk, cmdline, disks, nic,
                      console);
                  Document before = withoutIndentation(XmlDocuments.parse(StringBuiltDomainXml.render(spec)));
                  Document after = withoutIndentation(XmlDocuments.parse(DomainXml.render(spec)));
                  assertThat(after.isEqualNode(before)).as("%s\nbefore:\n%s\nafter:\n%s", spec,
                      StringBuiltDomainXml.render(spec), DomainXml.render(spec)).isTrue();
                  compared++;
                }
              }
            }
          }
        }
      }
    }
    assertThat(compared).isEqualTo(4 * 2 * 2 * 2 * 3 * 2 * 2);
  }

  /** The document without the whitespace-only text that only lays it out (libvirt ignores it too). */
  private static Document withoutIndentation(Document d) {
    List<Node> layout = new ArrayList<>();
    collectLayout(d.getDocumentElement(), layout);
    layout.forEach(n -> n.getParentNode().removeChild(n));
    return d;
  }

  private static void collectLayout(Node n, List<Node> out) {
    for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeType() == Node.TEXT_NODE && c.getNodeValue().isBlank()) {
        out.add(c);
      } else {
        collectLayout(c, out);
      }
    }
  }
}
