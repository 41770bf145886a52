package org.eucalyptus.cc.api;

import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.cc.network.ClusterNetworking;
import org.eucalyptus.cc.network.NetworkModel;
import org.eucalyptus.wsdl.cc.ConfigureNetwork;
import org.eucalyptus.wsdl.cc.ConfigureNetworkResponse;
import org.eucalyptus.wsdl.cc.NetworkRuleType;

/**
 * ConfigureNetwork: the complete rules of one account's groups, replacing what the cluster had for
 * it. A rule opens a protocol and port range to CIDRs ({@code sourceNets}) and to other groups
 * ({@code sourceNames} with their accounts in {@code userNames}); each becomes one model rule.
 */
final class ConfigureNetworkHandler {
  private final ClusterNetworking networking;

  ConfigureNetworkHandler(ClusterNetworking networking) {
    this.networking = networking;
  }

  ConfigureNetworkResponse handle(ConfigureNetwork req) throws CcException {
    String account = req.getAccountId();
    if (account == null || account.isEmpty()) {
      throw new CcException("InvalidParameter", "ConfigureNetwork needs accountId");
    }
    List<NetworkModel.Rule> rules = new ArrayList<>();
    for (NetworkRuleType r : req.getRules()) {
      String dest = r.getDestUserName() == null || r.getDestUserName().isEmpty() ? account : r.getDestUserName();
      if (!dest.equals(account)) {
        throw new CcException("InvalidParameter", "a rule for account " + dest + " in the rules of " + account);
      }
      String protocol = r.getProtocol() == null ? "" : r.getProtocol();
      try {
        // The filters' own check of protocol and ports: a rule they would refuse never enters the saved state.
        new org.eucalyptus.common.net.GroupFilter.Allow("0.0.0.0/0", protocol, r.getPortRangeMin(), r.getPortRangeMax());
      } catch (IllegalArgumentException e) {
        throw new CcException("InvalidParameter", e.getMessage());
      }
      for (String cidr : r.getSourceNets()) {
        if (!cidr.matches("(\\d{1,3}\\.){3}\\d{1,3}(/\\d{1,2})?")) {
          throw new CcException("InvalidParameter", "'" + cidr + "' is not a CIDR");
        }
        rules.add(new NetworkModel.Rule(account, r.getDestName(), protocol, r.getPortRangeMin(), r.getPortRangeMax(),
            cidr, null, null));
      }
      if (r.getSourceNames().size() != r.getUserNames().size()) {
        throw new CcException("InvalidParameter", "sourceNames and userNames must pair up");
      }
      for (int i = 0; i < r.getSourceNames().size(); i++) {
        rules.add(new NetworkModel.Rule(account, r.getDestName(), protocol, r.getPortRangeMin(), r.getPortRangeMax(),
            null, r.getUserNames().get(i), r.getSourceNames().get(i)));
      }
    }
    NetworkCalls.change(networking, n -> n.configure(account, rules));
    ConfigureNetworkResponse resp = new ConfigureNetworkResponse();
    resp.setReturn(true);
    return resp;
  }
}
