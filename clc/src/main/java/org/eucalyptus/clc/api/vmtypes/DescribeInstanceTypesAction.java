package org.eucalyptus.clc.api.vmtypes;

import java.util.List;
import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.vmtypes.VmType;
import org.eucalyptus.clc.vmtypes.VmTypes;
import org.eucalyptus.common.xml.XmlWriter;

/** The instance types on offer, in the shape today's EC2 clients read. */
public final class DescribeInstanceTypesAction implements Ec2Action {
  private final VmTypes vmTypes;

  public DescribeInstanceTypesAction(VmTypes vmTypes) {
    this.vmTypes = vmTypes;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    List<String> names = req.list("InstanceType");
    List<VmType> all = vmTypes.all();
    for (String n : names) {
      if (all.stream().noneMatch(t -> t.name().equals(n))) {
        throw Ec2Exception.invalid("InstanceType", n, "No such instance type.");
      }
    }
    XmlWriter x = req.response().start("instanceTypeSet");
    for (VmType t : all) {
      if (!names.isEmpty() && !names.contains(t.name())) {
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
