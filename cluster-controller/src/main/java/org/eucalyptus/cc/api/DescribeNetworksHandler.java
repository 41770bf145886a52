package org.eucalyptus.cc.api;

import org.eucalyptus.cc.network.AddressPlan;
import org.eucalyptus.cc.network.ClusterNetworking;
import org.eucalyptus.cc.network.Ipv4;
import org.eucalyptus.cc.network.NetworkDescription;
import org.eucalyptus.cc.network.NetworkSettings;
import org.eucalyptus.wsdl.cc.ActiveNetworkType;
import org.eucalyptus.wsdl.cc.DescribeNetworks;
import org.eucalyptus.wsdl.cc.DescribeNetworksResponse;

/** DescribeNetworks: the cluster's mode and address plan, and its active networks with their addresses. */
final class DescribeNetworksHandler {
  private final ClusterNetworking networking;

  DescribeNetworksHandler(ClusterNetworking networking) {
    this.networking = networking;
  }

  DescribeNetworksResponse handle(DescribeNetworks req) {
    NetworkDescription d = networking.describe();
    NetworkSettings settings = d.settings();
    DescribeNetworksResponse resp = new DescribeNetworksResponse();
    resp.setMode(settings.mode().name().replace('_', '-'));
    resp.setUseVlans(d.vlans() ? 1 : 0);
    resp.setAddrsPerNet(settings.addrsPerNet());
    resp.setVnetSubnet(Ipv4.format(settings.subnet()));
    resp.setVnetNetmask(Ipv4.netmask(settings.prefix()));
    if (d.plan().isPresent()) {
      AddressPlan plan = d.plan().get();
      resp.setAddrIndexMin(AddressPlan.FIRST_INSTANCE_INDEX);
      resp.setAddrIndexMax(plan.lastInstanceIndex());
      resp.setVlanMin(plan.minVlan());
      resp.setVlanMax(plan.maxVlan());
    }
    for (NetworkDescription.ActiveNetwork n : d.active()) {
      ActiveNetworkType a = new ActiveNetworkType();
      a.setVlan(n.vlan());
      a.setNetName(n.group());
      a.setUserName(n.account());
      a.getActiveAddrs().addAll(n.addresses());
      resp.getActiveNetworks().add(a);
    }
    resp.setReturn(true);
    return resp;
  }
}
