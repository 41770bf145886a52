package org.eucalyptus.clc.console;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;

/**
 * Images: those the user owns or may launch; register one from a bundle uploaded to Walrus, deregister
 * one's own, and who may launch it (an account, or everyone).
 */
final class ImagesPage {
  private final ConsoleApi api;
  private final Pages pages;

  ImagesPage(ConsoleApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
  }

  byte[] list(ConsoleRequest r) throws ApiException {
    String me = r.caller().accountNumber();
    List<Map<String, Object>> images = api.ec2(r, "DescribeImages", Map.of()).all("imagesSet/item").stream()
        .map(i -> {
          Map<String, Object> m = new HashMap<>();
          m.put("id", ApiDoc.text(i, "imageId"));
          m.put("location", ApiDoc.text(i, "imageLocation"));
          m.put("name", ApiDoc.text(i, "name"));
          m.put("state", ApiDoc.text(i, "imageState"));
          m.put("type", ApiDoc.text(i, "imageType"));
          m.put("owner", ApiDoc.text(i, "imageOwnerId"));
          m.put("public", ApiDoc.text(i, "isPublic").equals("true"));
          m.put("mine", ApiDoc.text(i, "imageOwnerId").equals(me));
          m.put("root", ApiDoc.text(i, "rootDeviceType"));
          return m;
        }).sorted(java.util.Comparator.comparing(m -> (String) m.get("id"))).toList();
    Map<String, Object> model = new HashMap<>();
    model.put("images", images);
    model.put("none", images.isEmpty());
    return pages.render("images", r, model);
  }

  String register(ConsoleRequest r) throws ApiException {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ImageLocation", r.field("location"));
    if (!r.field("name").isEmpty()) {
      p.put("Name", r.field("name"));
    }
    return "Registered " + api.ec2(r, "RegisterImage", p).text("imageId") + ".";
  }

  String deregister(ConsoleRequest r) throws ApiException {
    api.ec2(r, "DeregisterImage", Map.of("ImageId", r.field("id")));
    return "Deregistered " + r.field("id") + ".";
  }

  /** Lets an account (or with "all", everyone) launch the image, or stops letting it. */
  String permission(ConsoleRequest r, boolean add) throws ApiException {
    String who = r.field("account");
    String verb = add ? "Add" : "Remove";
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ImageId", r.field("id"));
    if (who.equalsIgnoreCase("all")) {
      p.put("LaunchPermission." + verb + ".1.Group", "all");
    } else {
      p.put("LaunchPermission." + verb + ".1.UserId", who);
    }
    api.ec2(r, "ModifyImageAttribute", p);
    return (add ? "Let " : "Stopped letting ") + (who.equalsIgnoreCase("all") ? "everyone" : who) + " launch "
        + r.field("id") + ".";
  }
}
