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
 * controller's front ends (each by host:port, partition eucalyptus, with leader or follower as its
 * reason), Walrus, each cluster controller and each of its nodes, each zone's storage
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
  private final WalrusState walrus;

  private final org.eucalyptus.clc.clusters.ComponentEnrollment enrollment;
  private final StorageControllerRegistry storage;
  private final StorageEnrollment storageEnrollment;
  private final org.eucalyptus.clc.ha.FrontEnds frontEnds;

  /** @param frontEnds the cloud controller's front ends, each as it last said it was (two front ends) */
  public DescribeServicesAction(ClusterRegistry clusters, ClusterStateSync sync, ClusterClients clients,
      org.eucalyptus.clc.clusters.ComponentEnrollment enrollment,
      WalrusState walrus, StorageControllerRegistry storage,
      StorageEnrollment storageEnrollment, org.eucalyptus.clc.ha.FrontEnds frontEnds) {
    this.frontEnds = frontEnds;
    this.storage = storage;
    this.storageEnrollment = storageEnrollment;
    this.clusters = clusters;
    this.enrollment = enrollment;
    this.sync = sync;
    this.clients = clients;
    this.walrus = walrus;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    if (!req.caller().admin()) {
      throw new ApiException("AuthFailure", "Only the cloud administrator describes services",
          HttpResponseStatus.FORBIDDEN);
    }
    XmlWriter x = req.response().start("serviceSet");
    frontEnds(x);
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

  /**
   * Each front end of the cloud controller (named by its URL): ENABLED, and in the reason whether it
   * leads; NOTREADY when not heard from lately. This one is listed even before its first heartbeat.
   */
  private void frontEnds(XmlWriter x) {
    java.util.List<org.eucalyptus.clc.ha.FrontEnds.FrontEnd> all = new java.util.ArrayList<>(frontEnds.list());
    org.eucalyptus.clc.ha.FrontEnds.FrontEnd self = frontEnds.self();
    if (all.stream().noneMatch(f -> f.url().equals(self.url()))) {
      all.add(0, self); // before its first heartbeat
    }
    for (org.eucalyptus.clc.ha.FrontEnds.FrontEnd f : all) {
      item(x, "eucalyptus", hostPort(f.url()), "eucalyptus", f.heardFrom() ? "ENABLED" : "NOTREADY", f.url(),
          !f.heardFrom() ? "front end not heard from" : f.leading() ? "leader" : "follower");
    }
  }

  /** A front end's name: the host and port of its URL (the URL itself if it has none). */
  private static String hostPort(String url) {
    try {
      java.net.URI u = java.net.URI.create(url);
      return u.getHost() == null ? url : u.getHost() + ":" + u.getPort();
    } catch (IllegalArgumentException e) {
      return url;
    }
  }

  private static void item(XmlWriter x, String type, String name, String partition, String state, String url,
      String reason) {
    x.start("item").element("serviceType", type).element("serviceName", name)
        .elementOrEmpty("partition", partition).element("localState", state).element("serviceUrl", url)
        .elementOrEmpty("reason", reason).end();
  }
}
