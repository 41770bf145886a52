package org.eucalyptus.cc.api;

import java.net.URI;
import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.cc.nodes.Node;
import org.eucalyptus.cc.nodes.NodeRegistry;
import org.eucalyptus.wsdl.cc.RegisteredNodeType;

/** What RegisterNode, DeregisterNode and DescribeNodes say of a node. */
final class NodeRegistrationHandlers {
  private NodeRegistrationHandlers() {}

  static RegisteredNodeType describe(NodeRegistry nodes, InstanceCache cache, Node n) {
    URI u = URI.create(n.serviceTag());
    RegisteredNodeType t = new RegisteredNodeType();
    t.setHost(u.getHost());
    t.setPort(u.getPort());
    t.setServiceTag(n.serviceTag());
    t.setState(!n.sized() ? (n.up() ? "UNKNOWN" : "DOWN") : (n.up() ? "UP" : "DOWN"));
    t.setSource(nodes.source(n).name());
    t.setCoresMax(n.coresMax());
    t.setMemoryMax(n.memoryMax());
    t.setDiskMax(n.diskMax());
    t.setInstances(cache.liveOn(n.serviceTag()).size());
    n.stateSince().ifPresent(at -> t.setStateSince(CcInstances.time(at)));
    return t;
  }
}
