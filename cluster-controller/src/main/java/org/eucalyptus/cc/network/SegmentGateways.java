package org.eucalyptus.cc.network;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.net.Segments;

/**
 * MANAGED mode's gateways: each group network is a VLAN (or VXLAN) segment of VNET_PRIVINTERFACE
 * with its own bridge {@code eucabr<tag>}, and the gateway address is on that bridge.
 */
final class SegmentGateways implements GroupGateways {
  private static final Logger LOG = LogManager.getLogger(SegmentGateways.class);
  private final NetworkSettings settings;
  private final GroupGateways.Host host;
  private final Segments segments;
  private final String localIp;
  private final Supplier<List<String>> nodeHosts;

  SegmentGateways(NetworkSettings settings, GroupGateways.Host host, Segments segments, String localIp,
      Supplier<List<String>> nodeHosts) {
    this.settings = settings;
    this.host = host;
    this.segments = segments;
    this.localIp = localIp;
    this.nodeHosts = nodeHosts;
  }

  @Override
  public void ensure(AddressPlan.Subnet sub) throws CommandRunner.CommandException {
    String bridge = segments.ensure(sub.vlan(), settings.privInterface(), settings.vxlan(), localIp, nodeHosts.get());
    GroupGateways.addGateway(host, bridge, sub);
  }

  /** Any {@code eucabr<tag>} here that no network needs goes, with its segment. */
  @Override
  public void releaseAllBut(Set<Integer> vlans) throws CommandRunner.CommandException {
    for (int tag : segments.bridges()) {
      if (!vlans.contains(tag)) {
        LOG.info("network {} has no instances left: removing its segment", tag);
        segments.remove(tag, settings.privInterface(), settings.vxlan());
      }
    }
  }

  @Override
  public boolean segmented() {
    return true;
  }
}
