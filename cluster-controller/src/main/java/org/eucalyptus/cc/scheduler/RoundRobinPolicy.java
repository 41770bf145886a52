package org.eucalyptus.cc.scheduler;

import java.util.List;
import java.util.OptionalInt;

/** Starts after the node it used last, and takes the first with room: spreads instances out. */
public final class RoundRobinPolicy implements SchedulingPolicy {
  private int last = -1;

  @Override
  public synchronized OptionalInt choose(List<NodeView> nodes, VmShape vm) {
    int n = nodes.size();
    for (int k = 1; k <= n; k++) {
      int i = Math.floorMod(last + k, n);
      if (nodes.get(i).fits(vm)) {
        last = i;
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }
}
