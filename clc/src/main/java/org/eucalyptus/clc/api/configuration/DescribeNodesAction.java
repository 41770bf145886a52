package org.eucalyptus.clc.api.configuration;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.wsdl.cc.DescribeNodes;
import org.eucalyptus.wsdl.cc.RegisteredNodeType;

/** The administrator lists a cluster's nodes (euca_conf --list-nodes): state, origin, size, instances. */
public final class DescribeNodesAction implements QueryAction {
  private final NodeCalls calls;
  private final org.eucalyptus.clc.clusters.ComponentEnrollment enrollment;

  public DescribeNodesAction(org.eucalyptus.clc.clusters.ClusterRegistry clusters,
      org.eucalyptus.clc.clusters.ClusterClients clients, org.eucalyptus.clc.clusters.ComponentEnrollment enrollment) {
    this.calls = new NodeCalls(clusters, clients);
    this.enrollment = enrollment;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    Cluster cluster = calls.cluster(req);
    XmlWriter x = req.response().start("nodeSet");
    for (RegisteredNodeType n : calls.call(cluster, cc -> cc.describeNodes(new DescribeNodes())).getNodes()) {
      NodeCalls.write(x, n, enrollment.problem(cluster.name(), n.getHost(), n.getPort()).orElse(null));
    }
    return req.finish(x.end());
  }
}
