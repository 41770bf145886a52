package org.eucalyptus.cc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.cc.network.LiveInstances;
import org.eucalyptus.cc.network.NetworkModel;

/** The instances the network counts, read from the cluster's records each time: those not torn down. */
final class CachedLiveInstances implements LiveInstances {
  private final InstanceCache cache;

  CachedLiveInstances(InstanceCache cache) {
    this.cache = cache;
  }

  @Override
  public List<NetworkModel.InstanceNic> nics() {
    List<NetworkModel.InstanceNic> out = new ArrayList<>();
    for (var i : cache.snapshot(List.of())) {
      var n = i.network();
      if (!i.ended() && n != null && n.privateIp() != null && !n.privateIp().isEmpty() && n.vlan() != null
          && n.privateMacAddress() != null) {
        out.add(new NetworkModel.InstanceNic(i.instanceId(), n.privateMacAddress(), n.privateIp(), n.vlan()));
      }
    }
    return out;
  }

  @Override
  public Set<String> privateIps() {
    Set<String> used = new HashSet<>();
    for (var i : cache.snapshot(List.of())) {
      if (!i.ended() && i.network() != null && i.network().privateIp() != null) {
        used.add(i.network().privateIp());
      }
    }
    return used;
  }
}
