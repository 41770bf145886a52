package org.eucalyptus.clc.api.configuration;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.clc.errors.DomainException;

/** The administrator removes a cluster (euca_conf --deregister-cluster); refused while it has instances. */
public final class DeregisterClusterAction implements QueryAction {
  private final ClusterRegistry clusters;

  public DeregisterClusterAction(ClusterRegistry clusters) {
    this.clusters = clusters;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    if (!req.caller().admin()) {
      throw new ApiException("AuthFailure", "Only the cloud administrator deregisters clusters",
          HttpResponseStatus.FORBIDDEN);
    }
    String name = req.required("Name");
    if (clusters.find(name).isEmpty()) {
      throw ApiException.invalid("Name", name, "No cluster " + name + " is registered.");
    }
    clusters.deregister(name);
    return req.response().element("return", "true").toString();
  }
}
