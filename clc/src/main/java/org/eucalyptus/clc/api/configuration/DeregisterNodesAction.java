package org.eucalyptus.clc.api.configuration;

import java.util.List;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.wsdl.cc.DeregisterNode;

/**
 * The administrator removes registered nodes from a cluster (euca_conf --deregister-nodes):
 * ClusterName and Node.N. Refused for a node that still runs instances.
 */
public final class DeregisterNodesAction implements QueryAction {
  private final NodeCalls calls;

  public DeregisterNodesAction(org.eucalyptus.clc.clusters.ClusterRegistry clusters,
      org.eucalyptus.clc.clusters.ClusterClients clients) {
    this.calls = new NodeCalls(clusters, clients);
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    Cluster cluster = calls.cluster(req);
    List<String> entries = req.list("Node");
    if (entries.isEmpty()) {
      throw new ApiException("MissingParameter", "Name at least one node (Node.1).");
    }
    for (String entry : entries) {
      String[] hp = NodeCalls.hostPort(entry);
      DeregisterNode d = new DeregisterNode();
      d.setHost(hp[0]);
      d.setPort(Integer.parseInt(hp[1]));
      calls.call(cluster, cc -> cc.deregisterNode(d));
    }
    return req.response().element("return", "true").toString();
  }
}
