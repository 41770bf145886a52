package org.eucalyptus.clc.api.instances;

import java.util.List;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceService;
import org.eucalyptus.clc.instances.InstanceState;

/**
 * StopInstances (InstanceId.N, Force): only instances that boot from EBS can stop (EC2's
 * UnsupportedOperation otherwise); running ones go stopping, those stopping or stopped already are
 * answered as they are, and any other state is IncorrectInstanceState. Nothing moves unless all may.
 */
public final class StopInstancesAction implements QueryAction {
  private final InstanceService instances;

  public StopInstancesAction(InstanceService instances) {
    this.instances = instances;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    List<Instance> found = InstanceLookup.named(instances, req);
    boolean force = req.boolParam("Force");
    for (Instance i : found) {
      if (!"ebs".equals(i.rootDeviceType())) {
        throw new ApiException("UnsupportedOperation", "The instance '" + i.instanceId()
            + "' does not have an 'ebs' root device type and cannot be stopped.");
      }
      InstanceState s = i.state();
      if (s != InstanceState.RUNNING && s != InstanceState.STOPPING && s != InstanceState.STOPPED) {
        throw new ApiException("IncorrectInstanceState", "This instance '" + i.instanceId()
            + "' is not in a state from which it can be stopped.");
      }
    }
    return InstanceXml.transitions(req, instances.stop(found, force));
  }
}
