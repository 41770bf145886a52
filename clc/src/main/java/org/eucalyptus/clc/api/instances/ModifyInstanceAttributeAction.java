package org.eucalyptus.clc.api.instances;

import java.util.Locale;
import java.util.Map;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceService;
import org.eucalyptus.clc.volumes.VolumeAttachment;
import org.eucalyptus.clc.volumes.VolumeStore;

/**
 * ModifyInstanceAttribute, in both forms clients send: {@code Attribute}+{@code Value} (euca2ools,
 * boto 2) and EC2's structures ({@code DisableApiTermination.Value}, {@code GroupId.N}, …: the AWS
 * SDK and CLI). What this cloud can change is disableApiTermination and the DeleteOnTermination
 * of the instance's attached volumes (BlockDeviceMapping.N.DeviceName and .Ebs.DeleteOnTermination);
 * the rest is refused with EC2's code for why (see {@link InstanceAttributes}).
 */
public final class ModifyInstanceAttributeAction implements QueryAction {
  private final InstanceService instances;
  private final VolumeStore volumes;

  public ModifyInstanceAttributeAction(InstanceService instances, VolumeStore volumes) {
    this.instances = instances;
    this.volumes = volumes;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    String attribute = req.param("Attribute");
    String value = req.param("Value");
    if (attribute != null) {
      InstanceAttributes.name(attribute);
    } else {
      for (Map.Entry<String, String> e : InstanceAttributes.STRUCTURED.entrySet()) {
        String v = e.getKey().equals("GroupId") ? first(req.list("GroupId"))
            : e.getKey().equals("BlockDeviceMapping") ? anyUnder(req, "BlockDeviceMapping.")
            : req.param(e.getKey() + ".Value");
        if (v != null) {
          if (attribute != null) {
            throw new ApiException("InvalidParameterCombination", "Only one attribute may be modified per request.");
          }
          attribute = e.getValue();
          value = v;
        }
      }
      if (attribute == null) {
        throw new ApiException("MissingParameter", "The request must name an attribute to modify (Attribute and Value,"
            + " or one of " + String.join(", ", InstanceAttributes.STRUCTURED.keySet()) + ").");
      }
    }
    Instance i = InstanceAttributes.instance(instances, req);
    if (InstanceAttributes.ONLY_WHEN_STOPPED.contains(attribute)) {
      throw InstanceAttributes.notStopped(i, attribute);
    }
    switch (attribute) {
      case "disableApiTermination" -> instances.setDisableApiTermination(i.instanceId(), bool(value));
      case "instanceInitiatedShutdownBehavior" -> {
        if (!"terminate".equals(value)) {
          throw ApiException.invalid("InstanceInitiatedShutdownBehavior", value,
              "Instances of this cloud cannot stop: the only behaviour is terminate.");
        }
      }
      case "groupSet" -> throw new ApiException("InvalidParameterCombination",
          "The security groups of an instance outside a VPC cannot be changed.");
      case "blockDeviceMapping" -> deleteOnTermination(req, i.instanceId());
      default -> throw new ApiException("InvalidParameterValue", "The attribute " + attribute + " cannot be modified.");
    }
    return req.response().element("return", true).toString();
  }

  /** Sets DeleteOnTermination of the volumes attached at the named devices (all checked before any is set). */
  private void deleteOnTermination(QueryRequest req, String instanceId) throws ApiException {
    Map<String, VolumeAttachment> byDevice = new java.util.HashMap<>();
    volumes.attachmentsOf(java.util.List.of(instanceId)).getOrDefault(instanceId, java.util.List.of())
        .forEach(a -> byDevice.put(a.device(), a));
    Map<String, Boolean> changes = new java.util.LinkedHashMap<>();
    for (int n = 1; anyUnder(req, "BlockDeviceMapping." + n + ".") != null; n++) {
      String prefix = "BlockDeviceMapping." + n + ".";
      String device = req.param(prefix + "DeviceName");
      String delete = req.param(prefix + "Ebs.DeleteOnTermination");
      if (device == null || delete == null) {
        throw new ApiException("MissingParameter", "Each block device mapping needs DeviceName and"
            + " Ebs.DeleteOnTermination (" + prefix + "…).");
      }
      VolumeAttachment a = byDevice.get(device);
      if (a == null) {
        throw ApiException.invalid(prefix + "DeviceName", device,
            "Instance " + instanceId + " has no volume attached at " + device + ".");
      }
      if (!delete.equalsIgnoreCase("true") && !delete.equalsIgnoreCase("false")) {
        throw ApiException.invalid(prefix + "Ebs.DeleteOnTermination", delete, "DeleteOnTermination is true or false.");
      }
      changes.put(a.volumeId(), Boolean.parseBoolean(delete.toLowerCase(Locale.ROOT)));
    }
    changes.forEach(volumes::setDeleteOnTermination);
  }

  private static boolean bool(String v) throws ApiException {
    if (v != null && (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
    }
    throw ApiException.invalid("Value", v == null ? "" : v, "disableApiTermination is true or false.");
  }

  private static String first(java.util.List<String> l) {
    return l.isEmpty() ? null : l.get(0);
  }

  private static String anyUnder(QueryRequest req, String prefix) {
    return req.params().keySet().stream().filter(k -> k.startsWith(prefix)).findFirst().orElse(null);
  }
}
