package org.eucalyptus.common.net;

import java.util.List;
import java.util.function.IntFunction;

/**
 * A node's filter for traffic bridged between instances (and between an instance and the segment's
 * uplink), as one {@code iptables-restore --noflush} document: it replaces only the chains it names,
 * so the node's other rules (libvirt's, the site's) stay. With bridge-nf-call-iptables on, frames
 * crossing a bridge pass FORWARD with the bridge as both in and out device; those addressed into a
 * group's subnet, other than to and from its gateway (DHCP, the routed path through the cluster
 * controller), go through the group's chain: replies pass, what the group's rules allow passes, the
 * rest is dropped.
 */
public final class BridgeFilterRules {
  /** The chain FORWARD jumps to first. */
  public static final String ENTRY = "EUCA-BRIDGED";
  /** Each group's chain is this prefix and its tag. */
  public static final String GROUP_PREFIX = "EUCA-G";

  private BridgeFilterRules() {}

  /** @param bridgeOf the bridge a tag's instances join on this node */
  public static String render(List<GroupFilter> filters, IntFunction<String> bridgeOf) {
    StringBuilder b = new StringBuilder("*filter\n");
    b.append(':').append(ENTRY).append(" - [0:0]\n");
    for (GroupFilter f : filters) {
      b.append(':').append(GROUP_PREFIX).append(f.tag()).append(" - [0:0]\n");
    }
    for (GroupFilter f : filters) {
      String br = bridgeOf.apply(f.tag());
      String on = "-A " + ENTRY + " -i " + br + " -o " + br;
      b.append(on).append(" -s ").append(f.gatewayIp()).append("/32 -j RETURN\n");
      b.append(on).append(" -d ").append(f.gatewayIp()).append("/32 -j RETURN\n");
      b.append(on).append(" -d ").append(f.subnetCidr()).append(" -j ").append(GROUP_PREFIX).append(f.tag()).append('\n');
    }
    for (GroupFilter f : filters) {
      String chain = "-A " + GROUP_PREFIX + f.tag();
      b.append(chain).append(" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n");
      for (GroupFilter.Allow a : f.allows()) {
        b.append(chain).append(" -s ").append(a.sourceCidr()).append(a.match()).append(" -j ACCEPT\n");
      }
      b.append(chain).append(" -j DROP\n");
    }
    return b.append("COMMIT\n").toString();
  }
}
