package org.eucalyptus.cc.api;

import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.cc.nodes.Node;
import org.eucalyptus.cc.nodes.NodeRegistry;
import org.eucalyptus.wsdl.cc.DescribeNodes;
import org.eucalyptus.wsdl.cc.DescribeNodesResponse;

/** DescribeNodes: every node, where it came from, whether it answers, its size and instance count. */
final class DescribeNodesHandler {
  private final NodeRegistry nodes;
  private final InstanceCache cache;

  DescribeNodesHandler(NodeRegistry nodes, InstanceCache cache) {
    this.nodes = nodes;
    this.cache = cache;
  }

  DescribeNodesResponse handle(DescribeNodes req) {
    DescribeNodesResponse resp = new DescribeNodesResponse();
    for (Node n : nodes.all()) {
      resp.getNodes().add(NodeRegistrationHandlers.describe(nodes, cache, n));
    }
    resp.setReturn(true);
    return resp;
  }
}
