package org.eucalyptus.clc.api.zones;

import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.clc.api.Ec2Permissions;
import java.util.List;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.api.Glob;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.clc.clusters.ClusterClients;
import org.eucalyptus.clc.clusters.ClusterStateSync;
import org.eucalyptus.clc.vmtypes.VmType;
import org.eucalyptus.clc.vmtypes.VmTypes;
import org.eucalyptus.wsdl.cc.DescribeResources;
import org.eucalyptus.wsdl.types.ResourceType;
import org.eucalyptus.wsdl.types.VirtualMachineType;
import org.eucalyptus.common.xml.XmlWriter;

/** Each registered cluster is an availability zone; it is available while its CC answers. */
public final class DescribeAvailabilityZonesAction implements QueryAction {
  private final ClusterRegistry clusters;
  private final ClusterStateSync sync;
  private final ClusterClients clients;
  private final VmTypes vmTypes;
  private final String region;

  public DescribeAvailabilityZonesAction(ClusterRegistry clusters, ClusterStateSync sync, ClusterClients clients,
      VmTypes vmTypes, String region) {
    this.clusters = clusters;
    this.sync = sync;
    this.clients = clients;
    this.vmTypes = vmTypes;
    this.region = region;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    List<String> names = req.list("ZoneName");
    var filters = req.filters();
    XmlWriter x = req.response().start("availabilityZoneInfo");
    for (Cluster c : clusters.list()) {
      String state = sync.isReachable(c.name()) ? "available" : "unavailable";
      if ((!names.isEmpty() && !names.contains(c.name()) && !names.contains("verbose"))
          || !Ec2Permissions.visible(req, Arns.AVAILABILITY_ZONE, c.name())) {
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
      if (names.contains("verbose") && req.caller().admin()) {
        verbose(x, c, state);
      } else {
        x.start("item").element("zoneName", c.name()).element("zoneState", state)
            .element("regionName", region).empty("messageSet").end();
      }
    }
    return x.toString();
  }

  /**
   * The administrator's view, as euca-describe-availability-zones verbose prints it: the cluster's
   * address, then free / max instances of each VM type, asked of the cluster now.
   */
  private void verbose(XmlWriter x, Cluster c, String state) {
    List<VmType> types = vmTypes.all();
    DescribeResources req = new DescribeResources();
    for (VmType t : types) {
      VirtualMachineType vm = new VirtualMachineType();
      vm.setName(t.name());
      vm.setCores(t.cpu());
      vm.setMemory(t.memoryMb());
      vm.setDisk(t.diskGb());
      req.getInstanceTypes().add(vm);
    }
    List<ResourceType> resources = List.of();
    try {
      resources = clients.forCluster(c).describeResources(req).getResources();
    } catch (Exception e) {
      state = "unavailable";
    }
    row(x, c.name(), state.equals("available") ? c.host() : state);
    row(x, "|- vm types", "free / max   cpu   ram  disk");
    for (int i = 0; i < types.size(); i++) {
      VmType t = types.get(i);
      int free = i < resources.size() ? resources.get(i).getAvailableInstances() : 0;
      int max = i < resources.size() ? resources.get(i).getMaxInstances() : 0;
      row(x, "|- " + t.name(), String.format("%04d / %04d  %2d   %4d  %4d", free, max, t.cpu(), t.memoryMb(),
          t.diskGb()));
    }
  }

  private void row(XmlWriter x, String name, String state) {
    x.start("item").element("zoneName", name).element("zoneState", state).element("regionName", region)
        .empty("messageSet").end();
  }
}
