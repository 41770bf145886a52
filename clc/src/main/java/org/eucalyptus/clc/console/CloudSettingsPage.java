package org.eucalyptus.clc.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;
import org.w3c.dom.Element;

/**
 * The cloud administrator's settings: the cloud's properties (DescribeProperties, ModifyPropertyValue,
 * as euca-describe-properties and euca-modify-property) and its VM types (DescribeInstanceTypes,
 * ModifyInstanceTypeAttribute, as euca-describe-instance-types and euca-modify-instance-type).
 */
final class CloudSettingsPage {
  private final ConsoleApi api;
  private final Pages pages;

  CloudSettingsPage(ConsoleApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
  }

  byte[] properties(ConsoleRequest r) throws ApiException {
    List<Map<String, Object>> properties = new ArrayList<>();
    for (Element p : api.properties(r, "DescribeProperties", Map.of()).all("properties/item")) {
      properties.add(Map.of("name", ApiDoc.text(p, "name"), "value", ApiDoc.text(p, "value"),
          "description", ApiDoc.text(p, "description")));
    }
    return pages.render("properties", r, Map.of("properties", properties));
  }

  Done modifyProperty(ConsoleRequest r) throws ApiException {
    ApiDoc d = api.properties(r, "ModifyPropertyValue", Map.of("Name", r.field("name"),
        "Value", r.form().getOrDefault("value", "")));
    return new Done("Set " + r.field("name") + " to " + d.text("value") + " (it was " + d.text("oldValue") + ").",
        ConsoleService.PATH + "/properties");
  }

  byte[] vmTypes(ConsoleRequest r) throws ApiException {
    List<Map<String, Object>> types = new ArrayList<>();
    for (Element t : api.ec2(r, "DescribeInstanceTypes", Map.of()).all("instanceTypeSet/item")) {
      types.add(Map.of("name", ApiDoc.text(t, "instanceType"), "cpu", ApiDoc.text(t, "vCpuInfo/defaultVCpus"),
          "memory", ApiDoc.text(t, "memoryInfo/sizeInMiB"), "disk", ApiDoc.text(t, "instanceStorageInfo/totalSizeInGB")));
    }
    return pages.render("vmtypes", r, Map.of("types", types));
  }

  Done modifyVmType(ConsoleRequest r) throws ApiException {
    api.ec2(r, "ModifyInstanceTypeAttribute", Map.of("Name", r.field("name"), "Cpu", r.field("cpu"),
        "Memory", r.field("memory"), "Disk", r.field("disk")));
    return new Done("Changed " + r.field("name") + ": " + r.field("cpu") + " cores, " + r.field("memory")
        + " MiB, " + r.field("disk") + " GiB.", ConsoleService.PATH + "/vmtypes");
  }
}
