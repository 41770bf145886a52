package org.eucalyptus.cc.api;

import java.util.List;
import org.eucalyptus.cc.nodes.Node;
import org.eucalyptus.cc.nodes.NodeRegistry;
import org.eucalyptus.cc.scheduler.NodeView;
import org.eucalyptus.cc.scheduler.Placement;
import org.eucalyptus.cc.scheduler.VmShape;
import org.eucalyptus.wsdl.cc.DescribeResources;
import org.eucalyptus.wsdl.cc.DescribeResourcesResponse;
import org.eucalyptus.wsdl.types.NodeType;
import org.eucalyptus.wsdl.types.ResourceType;
import org.eucalyptus.wsdl.types.VirtualMachineType;

/** Per VM type: how many more fit in the cluster now, and how many would fit in it empty. */
final class DescribeResourcesHandler {
  private final NodeRegistry nodes;
  private final Placement placement;

  DescribeResourcesHandler(NodeRegistry nodes, Placement placement) {
    this.nodes = nodes;
    this.placement = placement;
  }

  DescribeResourcesResponse handle(DescribeResources req) throws CcException {
    List<NodeView> views = placement.views();
    DescribeResourcesResponse resp = new DescribeResourcesResponse();
    for (VirtualMachineType t : req.getInstanceTypes()) {
      if (t.getCores() < 1 || t.getMemory() < 1 || t.getDisk() < 0) {
        throw new CcException("InvalidParameterValue", "instance type " + t.getName() + " has no size");
      }
      VmShape vm = new VmShape(t.getName(), t.getCores(), t.getMemory(), t.getDisk());
      int available = 0;
      int max = 0;
      for (int i = 0; i < views.size(); i++) {
        Node n = nodes.all().get(i);
        NodeView v = views.get(i);
        if (v.up()) {
          available += vm.fitsIn(v.freeCores(), v.freeMemoryMb(), v.freeDiskGb());
          max += vm.fitsIn(n.coresMax(), n.memoryMax(), n.diskMax());
        }
      }
      ResourceType r = new ResourceType();
      r.setInstanceType(t);
      r.setAvailableInstances(available);
      r.setMaxInstances(max);
      resp.getResources().add(r);
    }
    for (Node n : nodes.all()) {
      resp.getServiceTags().add(n.serviceTag());
      NodeType nt = new NodeType();
      nt.setServiceTag(n.serviceTag());
      nt.setState(n.up() ? "UP" : "DOWN");
      resp.getNodes().add(nt);
    }
    resp.setReturn(true);
    return resp;
  }
}
