package org.eucalyptus.cc.scheduler;

/** What one instance needs: cores, memory (MB), disk (GB). */
public record VmShape(String name, int cores, int memoryMb, int diskGb) {
  /** How many instances of this shape fit in the given free resources. */
  public int fitsIn(int freeCores, int freeMemoryMb, int freeDiskGb) {
    if (freeCores < 0 || freeMemoryMb < 0 || freeDiskGb < 0) {
      return 0;
    }
    int byCores = freeCores / cores;
    int byMemory = freeMemoryMb / memoryMb;
    int byDisk = diskGb == 0 ? Integer.MAX_VALUE : freeDiskGb / diskGb;
    return Math.min(byCores, Math.min(byMemory, byDisk));
  }
}
