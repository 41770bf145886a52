package org.eucalyptus.clc.api.instances;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceService;

/**
 * ResetInstanceAttribute: EC2 resets kernel and ramdisk (of a stopped instance, so never here) and
 * sourceDestCheck (a VPC attribute); this cloud also resets disableApiTermination to false.
 */
public final class ResetInstanceAttributeAction implements QueryAction {
  private final InstanceService instances;

  public ResetInstanceAttributeAction(InstanceService instances) {
    this.instances = instances;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    String attribute = req.required("Attribute");
    if (!attribute.equals("sourceDestCheck")) {
      InstanceAttributes.name(attribute);
    }
    Instance i = InstanceAttributes.instance(instances, req);
    switch (attribute) {
      case "kernel", "ramdisk" -> throw InstanceAttributes.notStopped(i, attribute);
      case "disableApiTermination" -> instances.setDisableApiTermination(i.instanceId(), false);
      default -> throw ApiException.invalid("Attribute", attribute,
          "Only kernel, ramdisk and disableApiTermination can be reset.");
    }
    return req.response().element("return", true).toString();
  }
}
