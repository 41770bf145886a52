package org.eucalyptus.clc.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eucalyptus.clc.api.ApiException;
import org.w3c.dom.Element;

/**
 * The first page: how many of each thing the user has, as their Describe calls see it, against the
 * limits DescribeAccountAttributes gives them (what the cloud holds, or lower, their quotas).
 */
final class DashboardPage {
  private final ConsoleApi api;
  private final ConsoleS3 s3;
  private final Pages pages;

  DashboardPage(ConsoleApi api, ConsoleS3 s3, Pages pages) {
    this.api = api;
    this.s3 = s3;
    this.pages = pages;
  }

  byte[] show(ConsoleRequest r) throws ApiException {
    Map<String, Integer> byState = new TreeMap<>();
    for (Element i : api.ec2(r, "DescribeInstances", Map.of()).all("reservationSet/item/instancesSet/item")) {
      byState.merge(ApiDoc.text(i, "instanceState/name"), 1, Integer::sum);
    }
    List<Map<String, Object>> states = new ArrayList<>();
    byState.forEach((state, n) -> states.add(Map.of("state", state, "count", n)));
    Map<String, String> limits = new HashMap<>();
    for (Element a : api.ec2(r, "DescribeAccountAttributes", Map.of()).all("accountAttributeSet/item")) {
      limits.put(ApiDoc.text(a, "attributeName"), ApiDoc.text(a, "attributeValueSet/item/attributeValue"));
    }
    List<Map<String, Object>> counts = new ArrayList<>();
    counts.add(count("Instances", "instances", byState.values().stream().mapToInt(Integer::intValue).sum(),
        limits.get("max-instances")));
    counts.add(count("Key pairs", "keypairs", api.ec2(r, "DescribeKeyPairs", Map.of()).all("keySet/item").size(), null));
    counts.add(count("Security groups", "groups",
        api.ec2(r, "DescribeSecurityGroups", Map.of()).all("securityGroupInfo/item").size(), null));
    counts.add(count("Volumes", "volumes", api.ec2(r, "DescribeVolumes", Map.of()).all("volumeSet/item").size(),
        limits.get("euca-max-volumes")));
    counts.add(count("Snapshots", "volumes", api.ec2(r, "DescribeSnapshots", Map.of("Owner.1", "self"))
        .all("snapshotSet/item").size(), limits.get("euca-max-snapshots")));
    counts.add(count("Addresses", "addresses", api.ec2(r, "DescribeAddresses", Map.of()).all("addressesSet/item").size(),
        limits.get("max-elastic-ips")));
    counts.add(count("Images you own", "images", api.ec2(r, "DescribeImages", Map.of("Owner.1", "self"))
        .all("imagesSet/item").size(), limits.get("euca-max-images")));
    counts.add(count("Images you can launch", "images",
        api.ec2(r, "DescribeImages", Map.of("ExecutableBy.1", "self")).all("imagesSet/item").size(), null));
    try {
      counts.add(count("Buckets", "buckets", ApiDoc.parse(s3.call(r, "GET", "", null, Map.of()))
          .all("Buckets/Bucket").size(), limits.get("euca-max-buckets")));
    } catch (ApiException e) { // no access key, or Walrus away: the rest of the page still shows
      counts.add(count("Buckets", "buckets", -1, null));
    }
    Map<String, Object> model = new HashMap<>();
    model.put("counts", counts);
    model.put("states", states);
    return pages.render("dashboard", r, model);
  }

  /**
   * @param n how many (-1: not known now)
   * @param limit how many may be held, or null for no limit said
   */
  private static Map<String, Object> count(String what, String page, int n, String limit) {
    Map<String, Object> m = new HashMap<>();
    m.put("what", what);
    m.put("count", n < 0 ? "?" : Integer.toString(n));
    if (limit != null) {
      m.put("limit", limit);
    }
    if (page != null) {
      m.put("page", page);
    }
    return m;
  }
}
