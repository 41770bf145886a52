package org.eucalyptus.nc.hypervisor;

/** A host's size: cores and memory in MB. */
public record NodeCapacity(int cores, int memoryMb) {}
