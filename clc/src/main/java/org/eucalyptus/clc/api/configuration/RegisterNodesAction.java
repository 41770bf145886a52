package org.eucalyptus.clc.api.configuration;

import java.util.List;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.wsdl.cc.RegisterNode;

/**
 * The administrator adds nodes to a cluster at run time (euca_conf --register-nodes): ClusterName
 * and Node.N (host or host:port). The cluster controller keeps them across restarts.
 */
public final class RegisterNodesAction implements QueryAction {
  private final NodeCalls calls;
  private final org.eucalyptus.clc.clusters.ComponentEnrollment enrollment;

  public RegisterNodesAction(org.eucalyptus.clc.clusters.ClusterRegistry clusters,
      org.eucalyptus.clc.clusters.ClusterClients clients, org.eucalyptus.clc.clusters.ComponentEnrollment enrollment) {
    this.calls = new NodeCalls(clusters, clients);
    this.enrollment = enrollment;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    Cluster cluster = calls.cluster(req);
    List<String> entries = req.list("Node");
    if (entries.isEmpty()) {
      throw new ApiException("MissingParameter", "Name at least one node (Node.1).");
    }
    // One call for all of them: the cluster controller registers and saves them in one step.
    String[] first = NodeCalls.hostPort(entries.get(0));
    RegisterNode r = new RegisterNode();
    r.setHost(first[0]);
    r.setPort(Integer.parseInt(first[1]));
    for (String entry : entries.subList(1, entries.size())) {
      String[] hp = NodeCalls.hostPort(entry);
      r.getMore().add(hp[0] + ":" + hp[1]);
    }
    org.eucalyptus.wsdl.cc.RegisterNodeResponse answer = calls.call(cluster, cc -> cc.registerNode(r));
    List<org.eucalyptus.wsdl.cc.RegisteredNodeType> registered = new java.util.ArrayList<>();
    registered.add(answer.getNode());
    registered.addAll(answer.getMoreNodes());
    // Registration hands each node its certificate: one command, no keys copied by hand.
    enrollment.enroll(cluster);
    XmlWriter x = req.response().start("nodeSet");
    for (org.eucalyptus.wsdl.cc.RegisteredNodeType n : registered) {
      NodeCalls.write(x, n, enrollment.problem(cluster.name(), n.getHost(), n.getPort()).orElse(null));
    }
    return req.finish(x.end());
  }
}
