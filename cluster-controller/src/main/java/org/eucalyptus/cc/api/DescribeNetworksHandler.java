package org.eucalyptus.cc.api;

import org.eucalyptus.common.net.NetworkMode;
import org.eucalyptus.cc.network.AddressPlan;
import org.eucalyptus.cc.network.ClusterNetwork;
import org.eucalyptus.cc.network.Ipv4;
import org.eucalyptus.cc.network.NetworkModel;
import org.eucalyptus.cc.network.NetworkSettings;
import org.eucalyptus.wsdl.cc.ActiveNetworkType;
import org.eucalyptus.wsdl.cc.DescribeNetworks;
import org.eucalyptus.wsdl.cc.DescribeNetworksResponse;

/** DescribeNetworks: the cluster's mode and address plan, and its active networks with their addresses. */
final class DescribeNetworksHandler {
  private final NetworkSettings settings;
  private final ClusterNetwork network;

  DescribeNetworksHandler(NetworkSettings settings, ClusterNetwork network) {
    this.settings = settings;
    this.network = network;
  }

  DescribeNetworksResponse handle(DescribeNetworks req) {
    DescribeNetworksResponse resp = new DescribeNetworksResponse();
    resp.setMode(settings.mode().name().replace('_', '-'));
    resp.setUseVlans(settings.mode() == NetworkMode.MANAGED ? 1 : 0);
    resp.setAddrsPerNet(settings.addrsPerNet());
    resp.setVnetSubnet(Ipv4.format(settings.subnet()));
    resp.setVnetNetmask(Ipv4.netmask(settings.prefix()));
    if (settings.mode().managed()) {
      AddressPlan plan = new AddressPlan(settings);
      resp.setAddrIndexMin(AddressPlan.FIRST_INSTANCE_INDEX);
      resp.setAddrIndexMax(plan.lastInstanceIndex());
      resp.setVlanMin(plan.minVlan());
      resp.setVlanMax(plan.maxVlan());
    }
    if (network != null) {
      NetworkModel m = network.model();
      for (NetworkModel.GroupNetwork n : m.networks()) {
        ActiveNetworkType a = new ActiveNetworkType();
        a.setVlan(n.vlan());
        a.setNetName(n.group());
        a.setUserName(n.account());
        m.instances().stream().filter(i -> i.vlan() == n.vlan()).forEach(i -> a.getActiveAddrs().add(i.privateIp()));
        resp.getActiveNetworks().add(a);
      }
    }
    resp.setReturn(true);
    return resp;
  }
}
