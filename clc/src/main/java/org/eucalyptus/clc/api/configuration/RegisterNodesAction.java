package org.eucalyptus.clc.api.configuration;

import java.util.List;
import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.wsdl.cc.RegisterNode;

/**
 * The administrator adds nodes to a cluster at run time (euca_conf --register-nodes): ClusterName
 * and Node.N (host or host:port). The cluster controller keeps them across restarts.
 */
public final class RegisterNodesAction implements Ec2Action {
  private final NodeCalls calls;

  public RegisterNodesAction(org.eucalyptus.clc.clusters.ClusterRegistry clusters,
      org.eucalyptus.clc.clusters.ClusterClients clients) {
    this.calls = new NodeCalls(clusters, clients);
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    Cluster cluster = calls.cluster(req);
    List<String> entries = req.list("Node");
    if (entries.isEmpty()) {
      throw new Ec2Exception("MissingParameter", "Name at least one node (Node.1).");
    }
    XmlWriter x = req.response().start("nodeSet");
    for (String entry : entries) {
      String[] hp = NodeCalls.hostPort(entry);
      RegisterNode r = new RegisterNode();
      r.setHost(hp[0]);
      r.setPort(Integer.parseInt(hp[1]));
      NodeCalls.write(x, calls.call(cluster, cc -> cc.registerNode(r)).getNode());
    }
    return req.finish(x.end());
  }
}
