package org.eucalyptus.clc.api.instances;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceService;

/** The instances a request names by {@code InstanceId.N}: all must exist and be the caller's to see. */
final class InstanceLookup {
  private InstanceLookup() {}

  static List<Instance> named(InstanceService instances, Ec2Request req) throws Ec2Exception {
    List<String> ids = req.list("InstanceId");
    if (ids.isEmpty()) {
      throw Ec2Exception.missing("InstanceId");
    }
    return existing(instances, req, ids);
  }

  static List<Instance> existing(InstanceService instances, Ec2Request req, List<String> ids) throws Ec2Exception {
    InstanceIds.checkWellFormed(ids);
    List<Instance> found = instances.visible(req.caller(), ids);
    Set<String> missing = new LinkedHashSet<>(ids);
    found.forEach(i -> missing.remove(i.instanceId()));
    if (!missing.isEmpty()) {
      throw new Ec2Exception("InvalidInstanceID.NotFound",
          "The instance ID '" + String.join("', '", missing) + "' does not exist");
    }
    return found;
  }
}
