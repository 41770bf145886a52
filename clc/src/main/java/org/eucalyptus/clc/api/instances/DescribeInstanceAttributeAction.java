package org.eucalyptus.clc.api.instances;

import java.util.Map;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceService;
import org.eucalyptus.common.xml.XmlWriter;

/** DescribeInstanceAttribute: one attribute of one instance, in EC2's {@code <name><value>…</value></name>} form. */
public final class DescribeInstanceAttributeAction implements QueryAction {
  private final InstanceService instances;
  private final SecurityGroupStore groups;

  public DescribeInstanceAttributeAction(InstanceService instances, SecurityGroupStore groups) {
    this.instances = instances;
    this.groups = groups;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    String attribute = InstanceAttributes.name(req.required("Attribute"));
    Instance i = InstanceAttributes.instance(instances, req);
    XmlWriter x = req.response().element("instanceId", i.instanceId());
    switch (attribute) {
      case "instanceType" -> value(x, attribute, i.vmType());
      case "kernel" -> value(x, attribute, i.kernelId());
      case "ramdisk" -> value(x, attribute, i.ramdiskId());
      case "userData" -> value(x, attribute, i.userData() == null || i.userData().isEmpty() ? null : i.userData());
      case "disableApiTermination" -> value(x, attribute, i.disableApiTermination());
      // Instances end when their guest shuts down: nothing here can stop and start again.
      case "instanceInitiatedShutdownBehavior" -> value(x, attribute, "terminate");
      case "rootDeviceName" -> value(x, attribute, "/dev/sda1");
      case "blockDeviceMapping" -> x.empty("blockDeviceMapping"); // instance-store: no EBS volumes
      case "groupSet" -> {
        Map<String, SecurityGroup> byId = groups.byIds(i.groupIds());
        x.start("groupSet");
        for (String id : i.groupIds()) {
          SecurityGroup g = byId.get(id);
          x.start("item").element("groupId", id).element("groupName", g == null ? null : g.name()).end();
        }
        x.end();
      }
      default -> throw new IllegalStateException(attribute);
    }
    return x.toString();
  }

  private static void value(XmlWriter x, String attribute, Object value) {
    if (value == null) {
      x.empty(attribute);
    } else {
      x.start(attribute).element("value", value).end();
    }
  }
}
