package org.eucalyptus.clc.api.vmtypes;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.vmtypes.VmType;
import org.eucalyptus.clc.vmtypes.VmTypes;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * The administrator changes an instance type's cores, memory (MB) or disk (GB), or resets it
 * (Eucalyptus's extension, as euca-modify-instance-type sends it: Name, Cpu, Memory, Disk, Reset).
 */
public final class ModifyInstanceTypeAttributeAction implements QueryAction {
  private final VmTypes vmTypes;

  public ModifyInstanceTypeAttributeAction(VmTypes vmTypes) {
    this.vmTypes = vmTypes;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    if (!req.caller().admin()) {
      throw new ApiException("AuthFailure", "Only the cloud administrator changes instance types",
          HttpResponseStatus.FORBIDDEN);
    }
    String name = req.required("Name");
    Integer cpu = req.param("Cpu") == null ? null : req.intParam("Cpu", 0);
    Integer memory = req.param("Memory") == null ? null : req.intParam("Memory", 0);
    Integer disk = req.param("Disk") == null ? null : req.intParam("Disk", 0);
    VmType before;
    try {
      before = vmTypes.resize(name, cpu, memory, disk, req.boolParam("Reset"));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("Name", name, e.getMessage());
    }
    VmType after = vmTypes.find(name).orElseThrow();
    XmlWriter x = req.response();
    type(x, "instanceType", after);
    type(x, "previousInstanceType", before);
    return x.toString();
  }

  private static void type(XmlWriter x, String element, VmType t) {
    x.start(element).element("name", t.name()).element("cpu", t.cpu()).element("memory", t.memoryMb())
        .element("disk", t.diskGb()).end();
  }
}
