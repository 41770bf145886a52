package org.eucalyptus.clc.vmtypes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An instance type: how many cores, how much memory (MB) and disk (GB) an instance of it gets. */
@Entity
@Table(name = "vm_types")
public class VmType {
  @Id
  @Column(name = "name", length = 32)
  String name;

  @Column(name = "cpu", nullable = false)
  private int cpu;

  @Column(name = "memory_mb", nullable = false)
  private int memoryMb;

  @Column(name = "disk_gb", nullable = false)
  private int diskGb;

  @Column(name = "sort_order", nullable = false)
  private int sortOrder;

  VmType() {}

  public String name() {
    return name;
  }

  public int cpu() {
    return cpu;
  }

  public int memoryMb() {
    return memoryMb;
  }

  public int diskGb() {
    return diskGb;
  }

  void resize(int cpu, int memoryMb, int diskGb) {
    this.cpu = cpu;
    this.memoryMb = memoryMb;
    this.diskGb = diskGb;
  }
}
