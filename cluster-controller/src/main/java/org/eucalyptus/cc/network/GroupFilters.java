package org.eucalyptus.cc.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.net.GroupFilter;

/**
 * The one place the cloud's rules become filters: for each active group network, the traffic its
 * rules let in, with source groups resolved to their networks' subnets. Both the cluster
 * controller's firewall ({@link IptablesRules}) and the nodes' bridge filters are rendered from it.
 */
public final class GroupFilters {
  private GroupFilters() {}

  public static List<GroupFilter> of(AddressPlan plan, NetworkModel m) {
    Map<String, AddressPlan.Subnet> netOfGroup = new HashMap<>();
    for (NetworkModel.GroupNetwork n : m.networks()) {
      netOfGroup.put(n.account() + "/" + n.group(), plan.network(n.vlan()));
    }
    List<GroupFilter> out = new ArrayList<>();
    for (NetworkModel.GroupNetwork n : m.networks()) {
      List<GroupFilter.Allow> allows = new ArrayList<>();
      for (NetworkModel.Rule r : m.rules()) {
        if (!r.account().equals(n.account()) || !r.group().equals(n.group())) {
          continue;
        }
        String source;
        if (r.sourceGroup() != null) {
          AddressPlan.Subnet from = netOfGroup.get(r.sourceAccount() + "/" + r.sourceGroup());
          if (from == null) {
            continue; // the source group has no network here: nothing can come from it
          }
          source = from.cidr();
        } else {
          source = r.sourceCidr();
        }
        allows.add(new GroupFilter.Allow(source, r.protocol(), r.fromPort(), r.toPort()));
      }
      AddressPlan.Subnet sub = plan.network(n.vlan());
      out.add(new GroupFilter(n.vlan(), sub.cidr(), Ipv4.format(sub.gateway()), allows));
    }
    return out;
  }
}
