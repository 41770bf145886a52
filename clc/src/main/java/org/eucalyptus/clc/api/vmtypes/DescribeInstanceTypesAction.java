package org.eucalyptus.clc.api.vmtypes;

import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.clc.api.Ec2Permissions;
import java.util.List;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.vmtypes.VmType;
import org.eucalyptus.clc.vmtypes.VmTypes;
import org.eucalyptus.common.xml.XmlWriter;

/** The instance types on offer, in the shape today's EC2 clients read. */
public final class DescribeInstanceTypesAction implements QueryAction {
  private final VmTypes vmTypes;

  public DescribeInstanceTypesAction(VmTypes vmTypes) {
    this.vmTypes = vmTypes;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    List<String> names = req.list("InstanceType");
    List<VmType> all = vmTypes.all();
    for (String n : names) {
      if (all.stream().noneMatch(t -> t.name().equals(n))) {
        throw ApiException.invalid("InstanceType", n, "No such instance type.");
      }
    }
    XmlWriter x = req.response().start("instanceTypeSet");
    for (VmType t : all) {
      if ((!names.isEmpty() && !names.contains(t.name())) || !Ec2Permissions.visible(req, Arns.VM_TYPE, t.name())) {
        continue;
      }
      x.start("item").element("instanceType", t.name()).element("currentGeneration", "true")
          .start("vCpuInfo").element("defaultVCpus", t.cpu()).element("defaultCores", t.cpu()).end()
          .start("memoryInfo").element("sizeInMiB", t.memoryMb()).end()
          .element("instanceStorageSupported", "true")
          .start("instanceStorageInfo").element("totalSizeInGB", t.diskGb()).end()
          .element("hypervisor", "xen")
          .end();
    }
    return x.toString();
  }
}
