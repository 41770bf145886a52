package org.eucalyptus.clc.console;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;

/** Elastic IP addresses: list, allocate, associate with an instance, disassociate, release. */
final class AddressesPage {
  private final ConsoleApi api;
  private final Pages pages;

  AddressesPage(ConsoleApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
  }

  byte[] list(ConsoleRequest r) throws ApiException {
    List<Map<String, Object>> addresses = api.ec2(r, "DescribeAddresses", Map.of()).all("addressesSet/item").stream()
        .map(a -> Map.<String, Object>of("ip", ApiDoc.text(a, "publicIp"), "instance", ApiDoc.text(a, "instanceId"),
            "associated", !ApiDoc.text(a, "instanceId").isEmpty()))
        .toList();
    List<String> running = api.ec2(r, "DescribeInstances", Map.of("Filter.1.Name", "instance-state-name",
        "Filter.1.Value.1", "running")).all("reservationSet/item/instancesSet/item").stream()
        .map(i -> ApiDoc.text(i, "instanceId")).sorted().toList();
    Map<String, Object> model = new HashMap<>();
    model.put("addresses", addresses);
    model.put("none", addresses.isEmpty());
    model.put("running", running);
    return pages.render("addresses", r, model);
  }

  String allocate(ConsoleRequest r) throws ApiException {
    return "Allocated " + api.ec2(r, "AllocateAddress", Map.of()).text("publicIp") + ".";
  }

  String associate(ConsoleRequest r) throws ApiException {
    api.ec2(r, "AssociateAddress", Map.of("PublicIp", r.field("ip"), "InstanceId", r.field("instance")));
    return "Associated " + r.field("ip") + " with " + r.field("instance") + ".";
  }

  String disassociate(ConsoleRequest r) throws ApiException {
    api.ec2(r, "DisassociateAddress", Map.of("PublicIp", r.field("ip")));
    return "Disassociated " + r.field("ip") + ".";
  }

  String release(ConsoleRequest r) throws ApiException {
    api.ec2(r, "ReleaseAddress", Map.of("PublicIp", r.field("ip")));
    return "Released " + r.field("ip") + ".";
  }
}
