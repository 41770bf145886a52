package org.eucalyptus.cc.network;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * STATIC mode's addresses: each new instance takes a free pair of VNET_MACMAP, its MAC and fixed
 * address (as 3.1 did, the pair's MAC replaces the one the cloud controller proposed). Serialised,
 * and remembering what it handed out until the instances are recorded.
 */
public final class StaticAddresses {
  private final List<NetworkSettings.MacIp> map;
  private final Supplier<Set<String>> usedIps;
  private final Set<String> pending = new HashSet<>();

  public StaticAddresses(List<NetworkSettings.MacIp> map, Supplier<Set<String>> usedIps) {
    this.map = List.copyOf(map);
    this.usedIps = usedIps;
  }

  /** {@code count} free pairs; an {@link IllegalStateException} if the map has fewer left. */
  public synchronized List<NetworkSettings.MacIp> lease(int count) {
    Set<String> used = new HashSet<>(usedIps.get());
    used.addAll(pending);
    List<NetworkSettings.MacIp> out = new ArrayList<>();
    for (NetworkSettings.MacIp m : map) {
      if (out.size() == count) {
        break;
      }
      if (!used.contains(m.ip())) {
        out.add(m);
      }
    }
    if (out.size() < count) {
      throw new IllegalStateException("VNET_MACMAP has " + out.size() + " free address(es), not " + count);
    }
    out.forEach(m -> pending.add(m.ip()));
    return out;
  }

  public synchronized void release(List<NetworkSettings.MacIp> leases) {
    leases.forEach(m -> pending.remove(m.ip()));
  }
}
