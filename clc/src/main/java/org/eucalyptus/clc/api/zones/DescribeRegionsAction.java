package org.eucalyptus.clc.api.zones;

import java.util.List;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.api.Glob;
import org.eucalyptus.common.xml.XmlWriter;

/** The one region of this cloud, and (as Eucalyptus 3.1 listed it) the Walrus endpoint. */
public final class DescribeRegionsAction implements QueryAction {
  private final String region;
  private final String walrusUrl;

  /**
   * @param walrusUrl Walrus's URL, or null when Walrus shares this host and port (then it is derived
   *     from the address the client used)
   */
  public DescribeRegionsAction(String region, String walrusUrl) {
    this.region = region;
    this.walrusUrl = walrusUrl;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    List<String> names = req.list("RegionName");
    var filters = req.filters();
    String base = "http://" + (req.endpointHost() == null ? "localhost:8773" : req.endpointHost());
    String ec2Url = base + "/services/Eucalyptus";
    String s3Url = walrusUrl != null ? walrusUrl : base + "/services/Walrus";
    XmlWriter x = req.response().start("regionInfo");
    for (String[] r : List.of(new String[] {region, ec2Url}, new String[] {"Walrus", s3Url})) {
      if (!names.isEmpty() && !names.contains(r[0])) {
        continue;
      }
      if (filters.containsKey("region-name") && !Glob.matchesAny(filters.get("region-name"), r[0])) {
        continue;
      }
      if (filters.containsKey("endpoint") && !Glob.matchesAny(filters.get("endpoint"), r[1])) {
        continue;
      }
      x.start("item").element("regionName", r[0]).element("regionEndpoint", r[1]).end();
    }
    for (String n : names) {
      if (!n.equals(region) && !n.equals("Walrus")) {
        throw new ApiException("InvalidParameterValue", "Invalid region: " + n);
      }
    }
    return x.toString();
  }
}
