package org.eucalyptus.clc.api.configuration;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.clc.clusters.ClusterClients;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.clc.clusters.ClusterStateSync;
import org.eucalyptus.clc.storage.StorageController;
import org.eucalyptus.clc.storage.StorageControllerRegistry;
import org.eucalyptus.clc.storage.StorageEnrollment;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.wsdl.cc.DescribeNodes;
import org.eucalyptus.wsdl.cc.RegisteredNodeType;

/**
 * Every component of the cloud and its state, as euca-describe-services lists them: the cloud
 * controller itself, Walrus, each cluster controller and each of its nodes, each zone's storage
 * controller, each ENABLED, DISABLED
 * or NOTREADY, with the reason when it is not ENABLED.
 */
public final class DescribeServicesAction implements QueryAction {
  /** Walrus's state: ENABLED, or NOTREADY/DISABLED with a reason. */
  public interface WalrusState {
    String[] now(); // {state, url, reason}
  }

  private final ClusterRegistry clusters;
  private final ClusterStateSync sync;
  private final ClusterClients clients;
  private final java.util.function.Supplier<String> cloudUrl;
  private final WalrusState walrus;

  private final org.eucalyptus.clc.clusters.ComponentEnrollment enrollment;
  private final StorageControllerRegistry storage;
  private final StorageEnrollment storageEnrollment;

  public DescribeServicesAction(ClusterRegistry clusters, ClusterStateSync sync, ClusterClients clients,
      org.eucalyptus.clc.clusters.ComponentEnrollment enrollment,
      java.util.function.Supplier<String> cloudUrl, WalrusState walrus, StorageControllerRegistry storage,
      StorageEnrollment storageEnrollment) {
    this.storage = storage;
    this.storageEnrollment = storageEnrollment;
    this.clusters = clusters;
    this.enrollment = enrollment;
    this.sync = sync;
    this.clients = clients;
    this.cloudUrl = cloudUrl;
    this.walrus = walrus;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    if (!req.caller().admin()) {
      throw new ApiException("AuthFailure", "Only the cloud administrator describes services",
          HttpResponseStatus.FORBIDDEN);
    }
    XmlWriter x = req.response().start("serviceSet");
    item(x, "eucalyptus", "eucalyptus", null, "ENABLED", cloudUrl.get(), "");
    String[] w = walrus.now();
    item(x, "walrus", "walrus", null, w[0], w[1], w[2]);
    for (Cluster c : clusters.list()) {
      boolean up = sync.isReachable(c.name());
      // A cluster controller that does not trust this cloud refuses its calls: say why, not just that.
      // (One that does not answer: that is the reason, unless what it last said was that it trusts another cloud.)
      String distrust = enrollment.problem(c.name()).filter(p -> up || p.contains("another cloud")).orElse(null);
      item(x, "cluster", c.name(), c.name(), up && distrust == null ? "ENABLED" : "NOTREADY", c.serviceUrl(),
          distrust != null ? distrust : up ? "" : "the cluster controller does not answer");
      if (!up || distrust != null) {
        continue;
      }
      try {
        for (RegisteredNodeType n : clients.forCluster(c).describeNodes(new DescribeNodes()).getNodes()) {
          String nodeDistrust = enrollment.problem(c.name(), n.getHost(), n.getPort()).orElse(null);
          String state = "UP".equals(n.getState()) && nodeDistrust == null ? "ENABLED" : "NOTREADY";
          item(x, "node", n.getHost() + ":" + n.getPort(), c.name(), state, n.getServiceTag(), switch (n.getState()) {
            case "UP" -> nodeDistrust == null ? "" : nodeDistrust;
            case "DOWN" -> "the node controller stopped answering its cluster";
            default -> "the node controller has not answered its cluster yet";
          });
        }
      } catch (Exception e) {
        item(x, "node", "*", c.name(), "NOTREADY", c.serviceUrl(), "the cluster could not list its nodes: "
            + e.getMessage());
      }
    }
    // Each zone's storage controller: ENABLED once enrolled and answering, else NOTREADY with the reason.
    for (StorageController sc : storage.list()) {
      String problem = storageEnrollment.problem(sc).orElse(null);
      item(x, "storage", sc.name(), sc.zone(), problem == null ? "ENABLED" : "NOTREADY", sc.serviceUrl(),
          problem == null ? "" : problem);
    }
    return req.finish(x.end());
  }

  private static void item(XmlWriter x, String type, String name, String partition, String state, String url,
      String reason) {
    x.start("item").element("serviceType", type).element("serviceName", name)
        .elementOrEmpty("partition", partition).element("localState", state).element("serviceUrl", url)
        .elementOrEmpty("reason", reason).end();
  }
}
