package org.eucalyptus.clc.api.instances;

import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.clc.api.Ec2Permissions;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.api.Glob;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceService;
import org.eucalyptus.clc.instances.InstanceState;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * Instance and system status. A running instance whose node reports it is "ok" on both counts; we
 * have no deeper health checks, so we do not invent any.
 */
public final class DescribeInstanceStatusAction implements QueryAction {
  private final InstanceService instances;

  public DescribeInstanceStatusAction(InstanceService instances) {
    this.instances = instances;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    List<String> ids = req.list("InstanceId");
    List<Instance> found = ids.isEmpty() ? instances.visible(req.caller(), ids)
        : InstanceLookup.existing(instances, req, ids);
    boolean includeAll = req.boolParam("IncludeAllInstances");
    Map<String, List<String>> filters = req.filters();
    for (String f : filters.keySet()) {
      if (!List.of("availability-zone", "instance-state-name", "instance-state-code", "instance-status.status",
          "system-status.status").contains(f)) {
        throw new ApiException("InvalidParameterValue", "The filter '" + f + "' is invalid");
      }
    }
    XmlWriter x = req.response().start("instanceStatusSet");
    for (Instance i : found) {
      if ((!includeAll && i.state() != InstanceState.RUNNING)
          || !Ec2Permissions.visible(req, Arns.INSTANCE, i.instanceId())) {
        continue;
      }
      String status = i.state() == InstanceState.RUNNING ? "ok" : "not-applicable";
      boolean keep = filters.entrySet().stream().allMatch(f -> Glob.matchesAny(f.getValue(), switch (f.getKey()) {
        case "availability-zone" -> i.cluster();
        case "instance-state-name" -> i.state().apiName();
        case "instance-state-code" -> String.valueOf(i.state().code());
        default -> status;
      }));
      if (!keep) {
        continue;
      }
      x.start("item").element("instanceId", i.instanceId()).element("availabilityZone", i.cluster());
      InstanceXml.state(x, "instanceState", i.state());
      for (String kind : new String[] {"systemStatus", "instanceStatus"}) {
        x.start(kind).element("status", status).start("details");
        if (status.equals("ok")) {
          x.start("item").element("name", "reachability").element("status", "passed").end();
        }
        x.end().end();
      }
      x.empty("eventsSet").end();
    }
    return x.toString();
  }
}
