package org.eucalyptus.nc.api;

import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.common.net.GroupFilter;
import org.eucalyptus.nc.network.NodeNetwork;
import org.eucalyptus.wsdl.nc.AllowType;
import org.eucalyptus.wsdl.nc.GroupFilterType;
import org.eucalyptus.wsdl.nc.NcConfigureNetwork;
import org.eucalyptus.wsdl.nc.NcConfigureNetworkResponse;

/** ncConfigureNetwork: the cluster's group filters, whole, onto this node's bridges. */
final class ConfigureNetworkHandler {
  private final NodeNetwork network;

  ConfigureNetworkHandler(NodeNetwork network) {
    this.network = network;
  }

  NcConfigureNetworkResponse handle(NcConfigureNetwork req) throws NcException {
    List<GroupFilter> filters = new ArrayList<>();
    try {
      for (GroupFilterType f : req.getFilter()) {
        List<GroupFilter.Allow> allows = new ArrayList<>();
        for (AllowType a : f.getAllow()) {
          if (a.getProtocol() == null || a.getProtocol().isBlank()) {
            throw new IllegalArgumentException("an allow needs a protocol (tcp, udp, icmp or -1)");
          }
          allows.add(new GroupFilter.Allow(Cidrs.cidr(a.getSourceCidr()), a.getProtocol(), a.getFromPort(),
              a.getToPort()));
        }
        if (f.getVlan() < 1 || f.getVlan() > 4094) {
          throw new IllegalArgumentException("vlan " + f.getVlan() + " is outside 1..4094");
        }
        filters.add(new GroupFilter(f.getVlan(), Cidrs.cidr(f.getSubnet()), Cidrs.address(f.getGateway()), allows));
      }
    } catch (IllegalArgumentException e) {
      throw new NcException("InvalidParameterValue", "a bad filter: " + e.getMessage());
    }
    try {
      network.applyFilters(filters);
    } catch (NodeNetwork.NetworkException e) {
      throw new NcException("NetworkError", e.getMessage());
    }
    NcConfigureNetworkResponse resp = new NcConfigureNetworkResponse();
    resp.setReturn(true);
    return resp;
  }

  /** Checks what goes onto an iptables command line: dotted IPv4 addresses and prefixes only. */
  static final class Cidrs {
    private static final java.util.regex.Pattern ADDRESS =
        java.util.regex.Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private Cidrs() {}

    static String address(String s) {
      if (s == null || !ADDRESS.matcher(s).matches()) {
        throw new IllegalArgumentException("not an IPv4 address: " + s);
      }
      return s;
    }

    static String cidr(String s) {
      if (s == null) {
        throw new IllegalArgumentException("no CIDR");
      }
      int slash = s.indexOf('/');
      if (slash < 0) {
        return address(s) + "/32";
      }
      address(s.substring(0, slash));
      int bits;
      try {
        bits = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a CIDR: " + s);
      }
      if (bits < 0 || bits > 32) {
        throw new IllegalArgumentException("not a CIDR: " + s);
      }
      return s;
    }
  }
}
