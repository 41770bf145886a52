package org.eucalyptus.cc.api;

import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.cc.nodes.NodeRegistry;
import org.eucalyptus.wsdl.cc.DeregisterNode;
import org.eucalyptus.wsdl.cc.DeregisterNodeResponse;

/** DeregisterNode: a registered node leaves the cluster, once it runs no instances. */
final class DeregisterNodeHandler {
  private final NodeRegistry nodes;
  private final InstanceCache cache;

  DeregisterNodeHandler(NodeRegistry nodes, InstanceCache cache) {
    this.nodes = nodes;
    this.cache = cache;
  }

  DeregisterNodeResponse handle(DeregisterNode req) throws CcException {
    try {
      nodes.deregister(req.getHost(), req.getPort() == null ? 0 : req.getPort(),
          n -> !cache.liveOn(n.serviceTag()).isEmpty());
    } catch (NodeRegistry.RegistrationException e) {
      throw new CcException("InvalidParameterValue", e.getMessage());
    }
    DeregisterNodeResponse resp = new DeregisterNodeResponse();
    resp.setReturn(true);
    return resp;
  }
}
