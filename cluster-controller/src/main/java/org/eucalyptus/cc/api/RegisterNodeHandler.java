package org.eucalyptus.cc.api;

import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.cc.nodes.Node;
import org.eucalyptus.cc.nodes.NodeRegistry;
import org.eucalyptus.wsdl.cc.RegisterNode;
import org.eucalyptus.wsdl.cc.RegisterNodeResponse;

/** RegisterNode: a node joins the cluster at run time (kept across restarts); registering twice is a no-op. */
final class RegisterNodeHandler {
  private final NodeRegistry nodes;
  private final InstanceCache cache;

  RegisterNodeHandler(NodeRegistry nodes, InstanceCache cache) {
    this.nodes = nodes;
    this.cache = cache;
  }

  RegisterNodeResponse handle(RegisterNode req) throws CcException {
    Node n;
    try {
      n = nodes.register(req.getHost(), req.getPort() == null ? 0 : req.getPort());
    } catch (NodeRegistry.RegistrationException e) {
      throw new CcException("InvalidParameterValue", e.getMessage());
    }
    RegisterNodeResponse resp = new RegisterNodeResponse();
    resp.setNode(NodeRegistrationHandlers.describe(nodes, cache, n));
    resp.setReturn(true);
    return resp;
  }
}
