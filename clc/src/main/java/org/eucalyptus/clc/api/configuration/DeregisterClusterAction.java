package org.eucalyptus.clc.api.configuration;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.clusters.ClusterRegistry;

/** The administrator removes a cluster (euca_conf --deregister-cluster); refused while it has instances. */
public final class DeregisterClusterAction implements Ec2Action {
  private final ClusterRegistry clusters;

  public DeregisterClusterAction(ClusterRegistry clusters) {
    this.clusters = clusters;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    if (!req.caller().admin()) {
      throw new Ec2Exception("AuthFailure", "Only the cloud administrator deregisters clusters",
          HttpResponseStatus.FORBIDDEN);
    }
    String name = req.required("Name");
    try {
      clusters.deregister(name);
    } catch (IllegalArgumentException e) {
      throw Ec2Exception.invalid("Name", name, e.getMessage());
    } catch (IllegalStateException e) {
      throw new Ec2Exception("InvalidState", e.getMessage());
    }
    return req.response().element("return", "true").toString();
  }
}
