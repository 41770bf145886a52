package org.eucalyptus.nc.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eucalyptus.nc.Libvirt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The libvirt implementation against libvirt's own test driver. */
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
  void aBadUriIsAClearError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LibvirtHypervisor("nosuchdriver:///x"))
        .isInstanceOf(HypervisorException.class).hasMessageContaining("nosuchdriver:///x");
  }
}
