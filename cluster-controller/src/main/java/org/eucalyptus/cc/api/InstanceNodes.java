package org.eucalyptus.cc.api;

import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.cc.nodes.Node;
import org.eucalyptus.cc.nodes.NodeRegistry;

/** Finds the node an instance runs on, for the operations the CC passes on to it. */
final class InstanceNodes {
  private final NodeRegistry nodes;
  private final InstanceCache cache;

  InstanceNodes(NodeRegistry nodes, InstanceCache cache) {
    this.nodes = nodes;
    this.cache = cache;
  }

  /** The node of a live instance. */
  Node of(String instanceId) throws CcException {
    org.eucalyptus.cc.instances.CcInstance inst = cache.find(instanceId).orElseThrow(() ->
        new CcException("InstanceNotFound", "no instance " + instanceId + " in this cluster"));
    if (inst.ended()) {
      throw new CcException("InstanceNotFound", "instance " + instanceId + " has ended");
    }
    return nodes.byServiceTag(inst.serviceTag()).orElseThrow(() ->
        new CcException("NodeError", "instance " + instanceId + " is on an unknown node"));
  }
}
