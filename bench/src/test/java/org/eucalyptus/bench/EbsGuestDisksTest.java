package org.eucalyptus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.eucalyptus.nc.hypervisor.DomainSpec;
import org.eucalyptus.nc.hypervisor.DomainXml;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** bench/ebs's baseline is a local disk as the node controller gives an instance, not a slower one. */
@UnitTest
class EbsGuestDisksTest {
  @Test
  void localDiskIsRenderedAsAnInstancesDisk() {
    Path qcow2 = Path.of("/tmp/bench/local.qcow2");
    String hotPlugged = EbsGuestDisks.localDisk(qcow2);
    assertThat(hotPlugged).isEqualTo(DomainXml.disk(new DomainSpec.Disk(qcow2, "qcow2", "vdp", false)));
    // No cache mode of its own: libvirt's default (writeback through the host's page cache), as an
    // instance's disks in the domain the node defines (not cache='none', which bypasses that cache).
    assertThat(hotPlugged).doesNotContain("cache=");
    assertThat(instanceDomainDisks()).doesNotContain("cache=");
  }

  private static String instanceDomainDisks() {
    String xml = DomainXml.render(new DomainSpec("i-1", "qemu", 128, 1, null, null, null,
        List.of(new DomainSpec.Disk(Path.of("/tmp/bench/disk.qcow2"), "qcow2", "vda", false)), null, null));
    return xml.substring(xml.indexOf("<disk"), xml.lastIndexOf("</disk>"));
  }
}
