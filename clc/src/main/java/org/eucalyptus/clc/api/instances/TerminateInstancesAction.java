package org.eucalyptus.clc.api.instances;

import java.util.List;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceService;

public final class TerminateInstancesAction implements QueryAction {
  private final InstanceService instances;

  public TerminateInstancesAction(InstanceService instances) {
    this.instances = instances;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    List<Instance> found = InstanceLookup.named(instances, req);
    List<InstanceService.Transition> done = instances.terminate(found);
    return InstanceXml.transitions(req, done);
  }
}
