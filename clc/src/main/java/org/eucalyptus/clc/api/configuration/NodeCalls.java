package org.eucalyptus.clc.api.configuration;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.clc.clusters.ClusterClients;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.eucalyptus.wsdl.cc.RegisteredNodeType;
import org.eucalyptus.common.xml.XmlWriter;

/** What the node actions share: the administrator check, the cluster's CC, and its faults as EC2 errors. */
final class NodeCalls {
  private final ClusterRegistry clusters;
  private final ClusterClients clients;

  NodeCalls(ClusterRegistry clusters, ClusterClients clients) {
    this.clusters = clusters;
    this.clients = clients;
  }

  @FunctionalInterface
  interface CcCall<T> {
    T run(EucalyptusCCPortType cc) throws EucalyptusFault_Exception;
  }

  /** The cluster the request names (ClusterName), checked to exist, after the caller is checked to be the administrator. */
  Cluster cluster(QueryRequest req) throws ApiException {
    if (!req.caller().admin()) {
      throw new ApiException("AuthFailure", "Only the cloud administrator registers nodes", HttpResponseStatus.FORBIDDEN);
    }
    String name = req.required("ClusterName");
    return clusters.find(name).orElseThrow(() -> ApiException.invalid("ClusterName", name, "No such cluster."));
  }

  <T> T call(Cluster cluster, CcCall<T> call) throws ApiException {
    try {
      return call.run(clients.forCluster(cluster));
    } catch (EucalyptusFault_Exception e) {
      String code = e.getFaultInfo() != null && e.getFaultInfo().getCode() != null ? e.getFaultInfo().getCode()
          : "InternalError";
      String message = e.getFaultInfo() != null ? e.getFaultInfo().getMessage() : e.getMessage();
      throw new ApiException(code, message);
    } catch (RuntimeException e) {
      throw new ApiException("Unavailable", "The cluster controller of " + cluster.name() + " did not answer: "
          + e.getMessage(), HttpResponseStatus.SERVICE_UNAVAILABLE);
    }
  }

  /** {@code host} or {@code host:port}, as the CC takes them (port 0: the cluster's NC_PORT). */
  static String[] hostPort(String entry) throws ApiException {
    int colon = entry.lastIndexOf(':');
    if (colon < 0) {
      return new String[] {entry, "0"};
    }
    String port = entry.substring(colon + 1);
    if (!port.matches("\\d{1,5}")) {
      throw ApiException.invalid("Node", entry, "A node is host or host:port.");
    }
    return new String[] {entry.substring(0, colon), port};
  }

  /** One node; {@code trustProblem} is why the cloud could not enrol it yet (null: it is enrolled). */
  static void write(XmlWriter x, RegisteredNodeType n, String trustProblem) {
    x.start("item").element("host", n.getHost()).element("port", n.getPort()).element("state", n.getState())
        .element("source", n.getSource()).element("cores", n.getCoresMax()).element("memoryMb", n.getMemoryMax())
        .element("diskGb", n.getDiskMax()).element("instances", n.getInstances())
        .element("trust", trustProblem == null ? "enrolled" : trustProblem);
    if (n.getStateSince() != null) {
      x.element("stateSince", n.getStateSince().toXMLFormat());
    }
    x.end();
  }
}
