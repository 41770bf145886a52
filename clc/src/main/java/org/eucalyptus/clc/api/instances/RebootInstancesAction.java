package org.eucalyptus.clc.api.instances;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.instances.InstanceService;

public final class RebootInstancesAction implements QueryAction {
  private final InstanceService instances;

  public RebootInstancesAction(InstanceService instances) {
    this.instances = instances;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    instances.reboot(InstanceLookup.named(instances, req));
    return req.response().element("return", "true").toString();
  }
}
