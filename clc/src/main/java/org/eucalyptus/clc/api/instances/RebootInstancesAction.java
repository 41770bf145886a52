package org.eucalyptus.clc.api.instances;

import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.instances.InstanceService;

public final class RebootInstancesAction implements Ec2Action {
  private final InstanceService instances;

  public RebootInstancesAction(InstanceService instances) {
    this.instances = instances;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    instances.reboot(InstanceLookup.named(instances, req));
    return req.response().element("return", "true").toString();
  }
}
