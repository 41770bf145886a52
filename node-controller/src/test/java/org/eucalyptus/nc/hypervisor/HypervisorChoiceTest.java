package org.eucalyptus.nc.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@UnitTest
class HypervisorChoiceTest {
  @TempDir Path tmp;

  @Test
  void kvmNeedsBothTheDeviceAndHardwareVirtualisation() throws Exception {
    Path dev = Files.createFile(tmp.resolve("kvm"));
    Path vmx = Files.writeString(tmp.resolve("vmx"), "processor\t: 0\nflags\t\t: fpu vme vmx sse2\n");
    Path none = Files.writeString(tmp.resolve("none"), "processor\t: 0\nflags\t\t: fpu vme sse2 hypervisor\n");
    Path svm = Files.writeString(tmp.resolve("svm"), "flags\t\t: fpu svm\n");
    assertThat(HypervisorChoice.detect(dev, vmx)).isEqualTo("kvm");
    assertThat(HypervisorChoice.detect(dev, svm)).isEqualTo("kvm");
    assertThat(HypervisorChoice.detect(dev, none)).isEqualTo("qemu"); // /dev/kvm without VT-x/AMD-V: nested, TCG
    assertThat(HypervisorChoice.detect(tmp.resolve("no-such-device"), vmx)).isEqualTo("qemu");
    // This machine: whatever it has, the answer is one of the two.
    assertThat(HypervisorChoice.detect()).isIn("kvm", "qemu");
  }
}
