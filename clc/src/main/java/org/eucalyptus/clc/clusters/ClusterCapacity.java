package org.eucalyptus.clc.clusters;

import org.eucalyptus.clc.vmtypes.VmType;
import org.eucalyptus.clc.vmtypes.VmTypes;
import org.eucalyptus.wsdl.cc.DescribeResources;
import org.eucalyptus.wsdl.types.ResourceType;
import org.eucalyptus.wsdl.types.VirtualMachineType;

/** How many instances of the smallest VM type the reachable clusters could hold in all, asked of them now. */
public final class ClusterCapacity {
  private final ClusterRegistry clusters;
  private final ClusterStateSync sync;
  private final ClusterClients clients;
  private final VmTypes vmTypes;

  public ClusterCapacity(ClusterRegistry clusters, ClusterStateSync sync, ClusterClients clients, VmTypes vmTypes) {
    this.clusters = clusters;
    this.sync = sync;
    this.clients = clients;
    this.vmTypes = vmTypes;
  }

  public int maxInstances() {
    if (vmTypes.all().isEmpty()) {
      return 0;
    }
    VmType t = vmTypes.all().get(0);
    VirtualMachineType vm = new VirtualMachineType();
    vm.setName(t.name());
    vm.setCores(t.cpu());
    vm.setMemory(t.memoryMb());
    vm.setDisk(t.diskGb());
    int total = 0;
    for (Cluster c : clusters.list()) {
      if (!sync.isReachable(c.name())) {
        continue;
      }
      DescribeResources req = new DescribeResources();
      req.getInstanceTypes().add(vm);
      try {
        total += clients.forCluster(c).describeResources(req).getResources().stream()
            .mapToInt(ResourceType::getMaxInstances).findFirst().orElse(0);
      } catch (Exception e) {
        // a cluster that does not answer now holds nothing now
      }
    }
    return total;
  }
}
