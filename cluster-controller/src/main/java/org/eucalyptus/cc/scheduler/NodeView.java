package org.eucalyptus.cc.scheduler;

/** What a policy sees of a node: its place in NODES order, whether it is up, and what is free. */
public record NodeView(int index, String serviceTag, boolean up, int freeCores, int freeMemoryMb, int freeDiskGb) {
  public boolean fits(VmShape vm) {
    return up && vm.fitsIn(freeCores, freeMemoryMb, freeDiskGb) >= 1;
  }

  public NodeView minus(VmShape vm) {
    return new NodeView(index, serviceTag, up, freeCores - vm.cores(), freeMemoryMb - vm.memoryMb(),
        freeDiskGb - vm.diskGb());
  }
}
