package org.eucalyptus.nc.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.eucalyptus.nc.Libvirt;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The libvirt implementation against libvirt's own test driver. */
@IntegrationTest
class LibvirtHypervisorTest {
  @BeforeAll
  static void needsLibvirt() {
    Libvirt.requireOrSkip();
  }

  @Test
  void startRebootDestroy() throws Exception {
    try (LibvirtHypervisor h = new LibvirtHypervisor("test:///default")) {
      assertThat(h.capacity().cores()).isPositive();
      assertThat(h.capacity().memoryMb()).isPositive();
      String name = "i-7E57D0E1";
      assertThat(h.state(name)).isEqualTo(DomainState.MISSING);
      h.start(new DomainSpec(name, "test", 64, 1, null, null, null, List.of(), null, null));
      assertThat(h.state(name)).isEqualTo(DomainState.RUNNING);
      assertThat(h.listDomains()).contains(name);
      h.reboot(name);
      assertThat(h.state(name).alive()).isTrue();
      h.destroy(name);
      assertThat(h.state(name)).isEqualTo(DomainState.MISSING);
      h.destroy(name); // again: nothing to do, no error
    }
  }

  @Test
  void aHostInitiatorVolumeIsABlockDiskLibvirtTakes() throws Exception {
    // NC_ISCSI_MODE=host: the guest gets the block device of the node's login, no network disk, no secret.
    // The test driver's domains carry no devices of ours (DomainXml keeps them minimal), and it has no
    // hot-plug: libvirt reads the disk as attach-device would get it, in a domain defined around it.
    Path dev = Path.of("/dev/disk/by-path/ip-127.0.0.1:13572-iscsi-iqn.2026-12.org.eucalyptus.test:b-lun-1");
    NetworkDisk v = new NetworkDisk("vol-b10c0001", new IscsiTarget("127.0.0.1", 13572,
        "iqn.2026-12.org.eucalyptus.test:b", 1), "vdf", "euca-b1", "b1-password", dev);
    String disk = DomainXml.disk("i-B10C0001", v);
    org.libvirt.Connect c = new org.libvirt.Connect("test:///default");
    try {
      org.libvirt.Domain d = c.domainDefineXML("<domain type='test'><name>i-B10C0001</name><memory>65536</memory>"
          + "<os><type>hvm</type></os><devices>" + disk + "</devices></domain>");
      try {
        String xml = d.getXMLDesc(0).replace('"', '\'');
        assertThat(xml).contains("<disk type='block' device='disk'>", "<source dev='" + dev + "'/>",
            "<driver name='qemu' type='raw' cache='none'/>", "<target dev='vdf' bus='virtio'/>",
            "<serial>vol-b10c0001</serial>").doesNotContain("protocol='iscsi'", "b1-password", "<auth");
      } finally {
        d.undefine();
        d.free();
      }
    } finally {
      c.close();
    }
    // QEMU's initiator, the default: the same volume without a host device is a network disk with its login
    assertThat(DomainXml.disk("i-B10C0001", new NetworkDisk(v.volumeId(), v.target(), "vdf", "euca-b1",
        "b1-password", null)).replace('"', '\'')).contains("type='network'", "protocol='iscsi'", "username='euca-b1'");
  }

  @Test
  void domainsCanBeStartedAndDestroyedFromManyThreadsAtOnce() throws Exception {
    try (LibvirtHypervisor h = new LibvirtHypervisor("test:///default")) {
      List<java.util.concurrent.Future<DomainState>> results = new java.util.ArrayList<>();
      var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
      try {
        for (int i = 0; i < 16; i++) {
          String name = String.format("i-C0C0%04d", i);
          results.add(pool.submit(() -> {
            h.start(new DomainSpec(name, "test", 32, 1, null, null, null, List.of(), null, null));
            DomainState running = h.state(name);
            h.destroy(name);
            h.destroy(name);
            return h.state(name) == DomainState.MISSING ? running : DomainState.NOSTATE;
          }));
        }
        for (var r : results) {
          assertThat(r.get()).isEqualTo(DomainState.RUNNING);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aClosedHypervisorRefusesCalls() throws Exception {
    LibvirtHypervisor h = new LibvirtHypervisor("test:///default");
    h.close();
    h.close(); // twice is fine
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.state("i-1"))
        .isInstanceOf(HypervisorException.class).hasMessageContaining("closed");
  }

  @Test
  void rebootingAMissingDomainIsAClearError() throws Exception {
    try (LibvirtHypervisor h = new LibvirtHypervisor("test:///default")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.reboot("i-AB5E0000"))
          .isInstanceOf(HypervisorException.class).hasMessageContaining("i-AB5E0000");
    }
  }

  @Test
  void aBadUriIsAClearError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LibvirtHypervisor("nosuchdriver:///x"))
        .isInstanceOf(HypervisorException.class).hasMessageContaining("nosuchdriver:///x");
  }
}
