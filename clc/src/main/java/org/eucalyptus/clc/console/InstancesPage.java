package org.eucalyptus.clc.console;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.clc.api.ApiException;
import org.w3c.dom.Element;

/** Instances: the list (filtered by state, sorted by a column), launch, reboot, terminate, console output. */
final class InstancesPage {
  static final Set<String> STATES = Set.of("pending", "running", "shutting-down", "terminated", "stopping", "stopped");
  static final List<String> SORTS = List.of("launched", "id", "name", "state", "type");

  private final ConsoleApi api;
  private final Pages pages;

  InstancesPage(ConsoleApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
  }

  byte[] list(ConsoleRequest r) throws ApiException {
    String state = r.param("state");
    Map<String, String> filter = new LinkedHashMap<>();
    if (STATES.contains(state)) {
      filter.put("Filter.1.Name", "instance-state-name");
      filter.put("Filter.1.Value.1", state);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Element i : api.ec2(r, "DescribeInstances", filter).all("reservationSet/item/instancesSet/item")) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", ApiDoc.text(i, "instanceId"));
      row.put("state", ApiDoc.text(i, "instanceState/name"));
      row.put("type", ApiDoc.text(i, "instanceType"));
      row.put("image", ApiDoc.text(i, "imageId"));
      row.put("key", ApiDoc.text(i, "keyName"));
      row.put("zone", ApiDoc.text(i, "placement/availabilityZone"));
      row.put("privateIp", ApiDoc.text(i, "privateIpAddress"));
      row.put("publicIp", ApiDoc.text(i, "ipAddress"));
      row.put("launched", ApiDoc.text(i, "launchTime"));
      String name = "";
      List<Map<String, Object>> tags = new ArrayList<>();
      for (Element t : ApiDoc.all(i, "tagSet/item")) {
        String k = ApiDoc.text(t, "key");
        String v = ApiDoc.text(t, "value");
        tags.add(Map.of("key", k, "value", v));
        if (k.equals("Name")) {
          name = v;
        }
      }
      row.put("name", name);
      row.put("tags", tags);
      String s = (String) row.get("state");
      row.put("live", !s.equals("terminated") && !s.equals("shutting-down"));
      row.put("running", s.equals("running"));
      rows.add(row);
    }
    String sort = SORTS.contains(r.param("sort")) ? r.param("sort") : "launched";
    Comparator<Map<String, Object>> by = Comparator.comparing(m -> (String) m.get(sort));
    rows.sort(sort.equals("launched") ? by.reversed() : by.thenComparing(m -> (String) m.get("id")));

    Map<String, Object> model = new HashMap<>();
    model.put("instances", rows);
    model.put("none", rows.isEmpty());
    List<Map<String, Object>> states = new ArrayList<>();
    for (String s : List.of("pending", "running", "stopping", "stopped", "shutting-down", "terminated")) {
      states.add(Map.of("state", s, "selected", s.equals(state)));
    }
    model.put("stateChoices", states);
    model.put("sort", sort);
    model.put("state", STATES.contains(state) ? state : "");
    model.putAll(launchChoices(r));
    return pages.render("instances", r, model);
  }

  /** What the launch form offers: the images, types, key pairs and groups the user may use. */
  private Map<String, Object> launchChoices(ConsoleRequest r) throws ApiException {
    List<Map<String, Object>> images = new ArrayList<>();
    for (Element i : api.ec2(r, "DescribeImages", Map.of("ExecutableBy.1", "self")).all("imagesSet/item")) {
      if (ApiDoc.text(i, "imageType").equals("machine") && ApiDoc.text(i, "imageState").equals("available")) {
        images.add(Map.of("id", ApiDoc.text(i, "imageId"), "location", ApiDoc.text(i, "imageLocation")));
      }
    }
    List<String> types = api.ec2(r, "DescribeInstanceTypes", Map.of()).all("instanceTypeSet/item").stream()
        .map(e -> ApiDoc.text(e, "instanceType")).toList();
    List<String> keys = api.ec2(r, "DescribeKeyPairs", Map.of()).all("keySet/item").stream()
        .map(e -> ApiDoc.text(e, "keyName")).sorted().toList();
    List<String> groups = api.ec2(r, "DescribeSecurityGroups", Map.of()).all("securityGroupInfo/item").stream()
        .map(e -> ApiDoc.text(e, "groupName")).sorted().toList();
    return Map.of("images", images, "types", types, "keys", keys, "groups", groups, "canLaunch", !images.isEmpty());
  }

  /** RunInstances of one, with what the form chose. */
  String launch(ConsoleRequest r) throws ApiException {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ImageId", r.field("image"));
    p.put("MinCount", "1");
    p.put("MaxCount", "1");
    if (!r.field("type").isEmpty()) {
      p.put("InstanceType", r.field("type"));
    }
    if (!r.field("key").isEmpty()) {
      p.put("KeyName", r.field("key"));
    }
    if (!r.field("group").isEmpty()) {
      p.put("SecurityGroup.1", r.field("group"));
    }
    String userData = r.form().getOrDefault("userData", "");
    if (!userData.isEmpty()) {
      p.put("UserData", Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)));
    }
    ApiDoc d = api.ec2(r, "RunInstances", p);
    return "Launched " + ApiDoc.text(d.root(), "instancesSet/item/instanceId") + ".";
  }

  String terminate(ConsoleRequest r) throws ApiException {
    api.ec2(r, "TerminateInstances", Map.of("InstanceId.1", r.field("id")));
    return "Terminating " + r.field("id") + ".";
  }

  String reboot(ConsoleRequest r) throws ApiException {
    api.ec2(r, "RebootInstances", Map.of("InstanceId.1", r.field("id")));
    return "Rebooting " + r.field("id") + ".";
  }

  byte[] output(ConsoleRequest r) throws ApiException {
    String id = r.param("id");
    ApiDoc d = api.ec2(r, "GetConsoleOutput", Map.of("InstanceId", id));
    String b64 = d.text("output");
    String text;
    try {
      text = new String(Base64.getMimeDecoder().decode(b64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      text = "";
    }
    Map<String, Object> model = new HashMap<>();
    model.put("id", id);
    model.put("output", text);
    model.put("timestamp", d.text("timestamp"));
    model.put("empty", text.isEmpty());
    return pages.render("output", r, model);
  }
}
