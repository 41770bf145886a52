package org.eucalyptus.clc.console;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;

/** EBS volumes and snapshots: list, create (empty or from a snapshot), delete, attach, detach, snapshot. */
final class VolumesPage {
  private final ConsoleApi api;
  private final Pages pages;

  VolumesPage(ConsoleApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
  }

  byte[] list(ConsoleRequest r) throws ApiException {
    List<Map<String, Object>> volumes = api.ec2(r, "DescribeVolumes", Map.of()).all("volumeSet/item").stream()
        .map(v -> {
          Map<String, Object> m = new HashMap<>();
          m.put("id", ApiDoc.text(v, "volumeId"));
          m.put("size", ApiDoc.text(v, "size"));
          m.put("zone", ApiDoc.text(v, "availabilityZone"));
          m.put("status", ApiDoc.text(v, "status"));
          m.put("snapshot", ApiDoc.text(v, "snapshotId"));
          m.put("instance", ApiDoc.text(v, "attachmentSet/item/instanceId"));
          m.put("device", ApiDoc.text(v, "attachmentSet/item/device"));
          m.put("attached", !ApiDoc.text(v, "attachmentSet/item/instanceId").isEmpty());
          m.put("available", ApiDoc.text(v, "status").equals("available"));
          return m;
        }).toList();
    List<Map<String, Object>> snapshots = api.ec2(r, "DescribeSnapshots", Map.of("Owner.1", "self"))
        .all("snapshotSet/item").stream()
        .map(s -> Map.<String, Object>of("id", ApiDoc.text(s, "snapshotId"), "volume", ApiDoc.text(s, "volumeId"),
            "status", ApiDoc.text(s, "status"), "progress", ApiDoc.text(s, "progress"),
            "size", ApiDoc.text(s, "volumeSize"), "description", ApiDoc.text(s, "description")))
        .toList();
    List<String> zones = api.ec2(r, "DescribeAvailabilityZones", Map.of()).all("availabilityZoneInfo/item").stream()
        .map(z -> ApiDoc.text(z, "zoneName")).toList();
    List<String> running = api.ec2(r, "DescribeInstances", Map.of("Filter.1.Name", "instance-state-name",
        "Filter.1.Value.1", "running")).all("reservationSet/item/instancesSet/item").stream()
        .map(i -> ApiDoc.text(i, "instanceId")).sorted().toList();
    Map<String, Object> model = new HashMap<>();
    model.put("volumes", volumes);
    model.put("noVolumes", volumes.isEmpty());
    model.put("snapshots", snapshots);
    model.put("noSnapshots", snapshots.isEmpty());
    model.put("zones", zones);
    model.put("running", running);
    return pages.render("volumes", r, model);
  }

  String create(ConsoleRequest r) throws ApiException {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("AvailabilityZone", r.field("zone"));
    if (!r.field("size").isEmpty()) {
      p.put("Size", r.field("size"));
    }
    if (!r.field("snapshot").isEmpty()) {
      p.put("SnapshotId", r.field("snapshot"));
    }
    return "Creating " + api.ec2(r, "CreateVolume", p).text("volumeId") + ".";
  }

  String delete(ConsoleRequest r) throws ApiException {
    api.ec2(r, "DeleteVolume", Map.of("VolumeId", r.field("id")));
    return "Deleting " + r.field("id") + ".";
  }

  String attach(ConsoleRequest r) throws ApiException {
    api.ec2(r, "AttachVolume", Map.of("VolumeId", r.field("id"), "InstanceId", r.field("instance"),
        "Device", r.field("device").isEmpty() ? "/dev/sdf" : r.field("device")));
    return "Attaching " + r.field("id") + " to " + r.field("instance") + ".";
  }

  String detach(ConsoleRequest r) throws ApiException {
    api.ec2(r, "DetachVolume", Map.of("VolumeId", r.field("id")));
    return "Detaching " + r.field("id") + ".";
  }

  String snapshot(ConsoleRequest r) throws ApiException {
    return "Snapshotting " + r.field("id") + " as "
        + api.ec2(r, "CreateSnapshot", Map.of("VolumeId", r.field("id"), "Description", r.field("description")))
            .text("snapshotId") + ".";
  }

  String deleteSnapshot(ConsoleRequest r) throws ApiException {
    api.ec2(r, "DeleteSnapshot", Map.of("SnapshotId", r.field("id")));
    return "Deleted " + r.field("id") + ".";
  }
}
