package org.eucalyptus.clc.api.configuration;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.clc.clusters.ClusterStateSync;

/**
 * The administrator registers a cluster (an availability zone) at run time, as euca_conf
 * --register-cluster: Name, Host, and Port (8774). Registering a known name again moves it.
 */
public final class RegisterClusterAction implements QueryAction {
  private final ClusterRegistry clusters;
  private final ClusterStateSync sync;

  private final org.eucalyptus.clc.clusters.ComponentEnrollment enrollment;

  public RegisterClusterAction(ClusterRegistry clusters, ClusterStateSync sync,
      org.eucalyptus.clc.clusters.ComponentEnrollment enrollment) {
    this.enrollment = enrollment;
    this.clusters = clusters;
    this.sync = sync;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    if (!req.caller().admin()) {
      throw new ApiException("AuthFailure", "Only the cloud administrator registers clusters",
          HttpResponseStatus.FORBIDDEN);
    }
    String name = req.required("Name");
    String host = req.required("Host");
    if (!host.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}")) {
      throw ApiException.invalid("Host", host, "It is the cluster controller's host name or address.");
    }
    int port = req.intParam("Port", 8774);
    if (port < 1 || port > 65535) {
      throw ApiException.invalid("Port", String.valueOf(port), "It is 1-65535.");
    }
    Cluster c;
    try {
      c = clusters.register(name, host, port);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("Name", name, e.getMessage());
    }
    sync.start(); // its poller, so the zone comes up as soon as the CC answers
    enrollment.enroll(c); // and its certificate, if it answers now (else the enrolment timer's next round)
    return req.response().start("cluster").element("name", c.name()).element("host", c.host())
        .element("port", c.port()).element("trust", enrollment.problem(c.name()).orElse("enrolled")).end()
        .toString();
  }
}
