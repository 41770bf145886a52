package org.eucalyptus.clc.api.instances;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceService;

/** The instances a request names by {@code InstanceId.N}: all must exist and be the caller's to see. */
final class InstanceLookup {
  private InstanceLookup() {}

  static List<Instance> named(InstanceService instances, QueryRequest req) throws ApiException {
    List<String> ids = req.list("InstanceId");
    if (ids.isEmpty()) {
      throw ApiException.missing("InstanceId");
    }
    return existing(instances, req, ids);
  }

  static List<Instance> existing(InstanceService instances, QueryRequest req, List<String> ids) throws ApiException {
    InstanceIds.checkWellFormed(ids);
    List<Instance> found = instances.visible(req.caller(), ids);
    Set<String> missing = new LinkedHashSet<>(ids);
    found.forEach(i -> missing.remove(i.instanceId()));
    if (!missing.isEmpty()) {
      throw new ApiException("InvalidInstanceID.NotFound",
          "The instance ID '" + String.join("', '", missing) + "' does not exist");
    }
    return found;
  }
}
