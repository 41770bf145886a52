package org.eucalyptus.clc.api.instances;

import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceService;

/**
 * The instance attributes of Describe/Modify/ResetInstanceAttribute, by the names EC2 gives them,
 * and what may change when. EC2 changes instanceType, kernel, ramdisk and userData only on a
 * stopped instance; this cloud's instances never stop (instance-store, as in 3.1), so those are
 * always refused with EC2's answer for a running one, IncorrectInstanceState.
 */
final class InstanceAttributes {
  static final List<String> NAMES = List.of("instanceType", "kernel", "ramdisk", "userData", "disableApiTermination",
      "instanceInitiatedShutdownBehavior", "rootDeviceName", "blockDeviceMapping", "groupSet");
  /** EC2's ModifyInstanceAttribute structure names (what the AWS SDK and CLI send) by attribute. */
  static final Map<String, String> STRUCTURED = Map.of("InstanceType", "instanceType", "Kernel", "kernel",
      "Ramdisk", "ramdisk", "UserData", "userData", "DisableApiTermination", "disableApiTermination",
      "InstanceInitiatedShutdownBehavior", "instanceInitiatedShutdownBehavior", "BlockDeviceMapping",
      "blockDeviceMapping", "GroupId", "groupSet");
  /** The attributes EC2 changes only while an instance is stopped. */
  static final List<String> ONLY_WHEN_STOPPED = List.of("instanceType", "kernel", "ramdisk", "userData");

  private InstanceAttributes() {}

  /** The one instance a request names by {@code InstanceId}. */
  static Instance instance(InstanceService instances, QueryRequest req) throws ApiException {
    return InstanceLookup.existing(instances, req, List.of(req.required("InstanceId"))).get(0);
  }

  /** Checks an attribute name (as {@code Attribute} carries it). */
  static String name(String attribute) throws ApiException {
    if (!NAMES.contains(attribute)) {
      throw ApiException.invalid("Attribute", attribute, "It must be one of " + String.join(", ", NAMES) + ".");
    }
    return attribute;
  }

  static ApiException notStopped(Instance i, String attribute) {
    return new ApiException("IncorrectInstanceState", "The instance '" + i.instanceId() + "' is not in the 'stopped'"
        + " state: " + attribute + " changes only on a stopped instance, and instances of this cloud do not stop.");
  }
}
