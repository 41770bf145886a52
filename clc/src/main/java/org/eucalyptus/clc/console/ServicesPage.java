package org.eucalyptus.clc.console;

import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;

/**
 * The cloud's services (CLC, Walrus, each CC, SC and node) and their states, as euca-admin
 * describe-services shows them; each cluster's nodes with their capacity and trust (DescribeNodes), and
 * how many instances of each type each zone still has room for (DescribeAvailabilityZones verbose).
 */
final class ServicesPage {
  private final ConsoleApi api;
  private final Pages pages;

  ServicesPage(ConsoleApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
  }

  byte[] list(ConsoleRequest r) throws ApiException {
    List<Map<String, Object>> services = api.configuration(r, "DescribeServices", Map.of()).all("serviceSet/item")
        .stream().map(s -> Map.<String, Object>of("type", ApiDoc.text(s, "serviceType"), "name", ApiDoc.text(s, "serviceName"),
            "zone", ApiDoc.text(s, "partition"), "state", ApiDoc.text(s, "localState"), "url", ApiDoc.text(s, "serviceUrl"),
            "reason", ApiDoc.text(s, "reason"), "enabled", ApiDoc.text(s, "localState").equals("ENABLED")))
        .toList();
    List<Map<String, Object>> clusters = new java.util.ArrayList<>();
    for (Map<String, Object> s : services) {
      if (!"cluster".equals(s.get("type"))) {
        continue;
      }
      String cluster = (String) s.get("name");
      List<Map<String, Object>> nodes = new java.util.ArrayList<>();
      String problem = null;
      try {
        for (org.w3c.dom.Element n : api.configuration(r, "DescribeNodes", Map.of("ClusterName", cluster))
            .all("nodeSet/item")) {
          nodes.add(Map.of("host", ApiDoc.text(n, "host") + ":" + ApiDoc.text(n, "port"), "state",
              ApiDoc.text(n, "state"), "cores", ApiDoc.text(n, "cores"), "memory", ApiDoc.text(n, "memoryMb"),
              "disk", ApiDoc.text(n, "diskGb"), "instances", ApiDoc.text(n, "instances"), "trust",
              ApiDoc.text(n, "trust")));
        }
      } catch (ApiException e) { // the cluster is away: its row says why, the page still shows
        problem = e.code() + ": " + e.getMessage();
      }
      Map<String, Object> c = new java.util.HashMap<>();
      c.put("cluster", cluster);
      c.put("nodes", nodes);
      if (problem != null) {
        c.put("problem", problem);
      }
      clusters.add(c);
    }
    // The verbose zones' rows: a zone's own row, then "|- <type>" rows of free / max cpu ram disk.
    List<Map<String, Object>> capacity = new java.util.ArrayList<>();
    for (org.w3c.dom.Element z : api.ec2(r, "DescribeAvailabilityZones", Map.of("ZoneName.1", "verbose"))
        .all("availabilityZoneInfo/item")) {
      String name = ApiDoc.text(z, "zoneName");
      String state = ApiDoc.text(z, "zoneState");
      if (name.startsWith("|- ") && !name.equals("|- vm types")) {
        String[] f = state.trim().split("\\s+"); // free / max cpu ram disk
        if (f.length >= 6) {
          capacity.add(Map.of("type", name.substring(3), "free", Integer.parseInt(f[0]), "max",
              Integer.parseInt(f[2])));
        }
      } else if (!name.startsWith("|-")) {
        capacity.add(Map.of("zone", name, "where", state));
      }
    }
    return pages.render("services", r, Map.of("services", services, "clusters", clusters, "capacity", capacity));
  }
}
