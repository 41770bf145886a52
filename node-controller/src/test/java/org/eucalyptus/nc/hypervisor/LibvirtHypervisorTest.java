package org.eucalyptus.nc.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

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
