package org.eucalyptus.clc.api.zones;

import java.util.List;
import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.api.Glob;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.clc.clusters.ClusterStateSync;
import org.eucalyptus.common.xml.XmlWriter;

/** Each registered cluster is an availability zone; it is available while its CC answers. */
public final class DescribeAvailabilityZonesAction implements Ec2Action {
  private final ClusterRegistry clusters;
  private final ClusterStateSync sync;
  private final String region;

  public DescribeAvailabilityZonesAction(ClusterRegistry clusters, ClusterStateSync sync, String region) {
    this.clusters = clusters;
    this.sync = sync;
    this.region = region;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    List<String> names = req.list("ZoneName");
    var filters = req.filters();
    XmlWriter x = req.response().start("availabilityZoneInfo");
    for (Cluster c : clusters.list()) {
      String state = sync.isReachable(c.name()) ? "available" : "unavailable";
      if (!names.isEmpty() && !names.contains(c.name()) && !names.contains("verbose")) {
        continue;
      }
      if (filters.containsKey("zone-name") && !Glob.matchesAny(filters.get("zone-name"), c.name())) {
        continue;
      }
      if (filters.containsKey("state") && !Glob.matchesAny(filters.get("state"), state)) {
        continue;
      }
      if (filters.containsKey("region-name") && !Glob.matchesAny(filters.get("region-name"), region)) {
        continue;
      }
      x.start("item").element("zoneName", c.name()).element("zoneState", state)
          .element("regionName", region).empty("messageSet").end();
    }
    return x.toString();
  }
}
