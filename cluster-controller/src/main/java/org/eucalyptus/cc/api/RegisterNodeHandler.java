package org.eucalyptus.cc.api;

import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.cc.nodes.Node;
import org.eucalyptus.cc.nodes.NodeRegistry;
import org.eucalyptus.wsdl.cc.RegisterNode;
import org.eucalyptus.wsdl.cc.RegisterNodeResponse;

/**
 * RegisterNode: nodes join the cluster at run time (kept across restarts); registering twice is a
 * no-op. The node named by host/port and those of "more" are registered in one step, saved once.
 */
final class RegisterNodeHandler {
  private final NodeRegistry nodes;
  private final InstanceCache cache;

  RegisterNodeHandler(NodeRegistry nodes, InstanceCache cache) {
    this.nodes = nodes;
    this.cache = cache;
  }

  RegisterNodeResponse handle(RegisterNode req) throws CcException {
    List<NodeRegistry.Address> addresses = new ArrayList<>();
    addresses.add(new NodeRegistry.Address(req.getHost(), req.getPort() == null ? 0 : req.getPort()));
    for (String entry : req.getMore()) {
      addresses.add(address(entry));
    }
    List<Node> registered;
    try {
      registered = nodes.registerAll(addresses);
    } catch (NodeRegistry.RegistrationException e) {
      throw new CcException("InvalidParameterValue", e.getMessage());
    }
    RegisterNodeResponse resp = new RegisterNodeResponse();
    resp.setNode(NodeRegistrationHandlers.describe(nodes, cache, registered.get(0)));
    for (Node n : registered.subList(1, registered.size())) {
      resp.getMoreNodes().add(NodeRegistrationHandlers.describe(nodes, cache, n));
    }
    resp.setReturn(true);
    return resp;
  }

  /** "host" or "host:port" of "more". */
  private static NodeRegistry.Address address(String entry) throws CcException {
    String e = entry == null ? "" : entry.strip();
    int colon = e.lastIndexOf(':');
    if (colon < 0) {
      return new NodeRegistry.Address(e, 0);
    }
    String port = e.substring(colon + 1);
    if (!port.matches("\\d{1,5}")) {
      throw new CcException("InvalidParameterValue", "a node is host or host:port, not '" + entry + "'");
    }
    return new NodeRegistry.Address(e.substring(0, colon), Integer.parseInt(port));
  }
}
