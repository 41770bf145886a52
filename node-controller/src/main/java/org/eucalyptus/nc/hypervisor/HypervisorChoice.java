package org.eucalyptus.nc.hypervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Which hypervisor a node uses when HYPERVISOR does not say: {@code kvm} where /dev/kvm can be
 * opened and the CPU has hardware virtualisation (vmx or svm), {@code qemu} (software emulation,
 * TCG) otherwise. Both conditions matter: a nested VM may offer /dev/kvm without working KVM.
 */
public final class HypervisorChoice {
  private static final Pattern HW_VIRT = Pattern.compile("^flags\\s*:.*\\b(vmx|svm)\\b", Pattern.MULTILINE);

  private HypervisorChoice() {}

  public static String detect() {
    return detect(Path.of("/dev/kvm"), Path.of("/proc/cpuinfo"));
  }

  static String detect(Path devKvm, Path cpuinfo) {
    boolean kvmDevice = Files.isReadable(devKvm) && Files.isWritable(devKvm);
    boolean hwVirt;
    try {
      hwVirt = HW_VIRT.matcher(Files.readString(cpuinfo)).find();
    } catch (IOException e) {
      hwVirt = false;
    }
    return kvmDevice && hwVirt ? "kvm" : "qemu";
  }
}
