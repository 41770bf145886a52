package org.eucalyptus.clc.api.instances;

import java.util.List;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceService;
import org.eucalyptus.clc.instances.InstanceState;
import org.eucalyptus.clc.instances.LaunchRecords;

/**
 * StartInstances (InstanceId.N): each stopped instance is launched again with the same id and its
 * volumes, and goes pending; an instance in any other state is IncorrectInstanceState, and then
 * none starts.
 */
public final class StartInstancesAction implements QueryAction {
  private final InstanceService instances;
  private final LaunchRecords records;

  public StartInstancesAction(InstanceService instances, LaunchRecords records) {
    this.instances = instances;
    this.records = records;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    List<Instance> found = InstanceLookup.named(instances, req);
    for (Instance i : found) {
      if (i.state() != InstanceState.STOPPED) {
        throw new ApiException("IncorrectInstanceState", "This instance '" + i.instanceId()
            + "' is not in a state from which it can be started.");
      }
    }
    return InstanceXml.transitions(req, instances.start(found, i -> records.of(i, i.cluster(), 1)));
  }
}
