package org.eucalyptus.nc.api;

import org.eucalyptus.nc.instances.InstanceTable;
import org.eucalyptus.wsdl.nc.NcDescribeResource;
import org.eucalyptus.wsdl.nc.NcDescribeResourceResponse;

/** The node's total and free cores, memory (MB) and disk (GB). */
final class DescribeResourceHandler {
  private final InstanceTable table;

  DescribeResourceHandler(InstanceTable table) {
    this.table = table;
  }

  NcDescribeResourceResponse handle(NcDescribeResource req) {
    InstanceTable.Resources r = table.resources();
    NcDescribeResourceResponse resp = new NcDescribeResourceResponse();
    resp.setNodeStatus("enabled");
    resp.setNumberOfCoresMax(r.coresMax());
    resp.setNumberOfCoresAvailable(r.coresFree());
    resp.setMemorySizeMax(r.memoryMax());
    resp.setMemorySizeAvailable(r.memoryFree());
    resp.setDiskSizeMax(r.diskMax());
    resp.setDiskSizeAvailable(r.diskFree());
    resp.setReturn(true);
    return resp;
  }
}
