package org.eucalyptus.cc.scheduler;

import java.util.List;
import java.util.OptionalInt;

/** The first node (in NODES order) with room: fills nodes one after another. */
public final class GreedyPolicy implements SchedulingPolicy {
  @Override
  public OptionalInt choose(List<NodeView> nodes, VmShape vm) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).fits(vm)) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }
}
