package org.eucalyptus.clc.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eucalyptus.clc.api.ApiException;
import org.w3c.dom.Element;

/** The first page: how many of each thing the user has, as their Describe calls see it. */
final class DashboardPage {
  private final ConsoleApi api;
  private final Pages pages;

  DashboardPage(ConsoleApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
  }

  byte[] show(ConsoleRequest r) throws ApiException {
    Map<String, Integer> byState = new TreeMap<>();
    for (Element i : api.ec2(r, "DescribeInstances", Map.of()).all("reservationSet/item/instancesSet/item")) {
      byState.merge(ApiDoc.text(i, "instanceState/name"), 1, Integer::sum);
    }
    List<Map<String, Object>> states = new ArrayList<>();
    byState.forEach((state, n) -> states.add(Map.of("state", state, "count", n)));
    List<Map<String, Object>> counts = new ArrayList<>();
    counts.add(count("Instances", "instances", byState.values().stream().mapToInt(Integer::intValue).sum()));
    counts.add(count("Key pairs", "keypairs", api.ec2(r, "DescribeKeyPairs", Map.of()).all("keySet/item").size()));
    counts.add(count("Security groups", "groups",
        api.ec2(r, "DescribeSecurityGroups", Map.of()).all("securityGroupInfo/item").size()));
    counts.add(count("Volumes", "volumes", api.ec2(r, "DescribeVolumes", Map.of()).all("volumeSet/item").size()));
    counts.add(count("Addresses", "addresses", api.ec2(r, "DescribeAddresses", Map.of()).all("addressesSet/item").size()));
    counts.add(count("Images you can launch", "images",
        api.ec2(r, "DescribeImages", Map.of("ExecutableBy.1", "self")).all("imagesSet/item").size()));
    Map<String, Object> model = new HashMap<>();
    model.put("counts", counts);
    model.put("states", states);
    return pages.render("dashboard", r, model);
  }

  private static Map<String, Object> count(String what, String page, int n) {
    Map<String, Object> m = new HashMap<>();
    m.put("what", what);
    m.put("count", n);
    if (page != null) {
      m.put("page", page);
    }
    return m;
  }
}
