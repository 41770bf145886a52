package org.eucalyptus.cc.scheduler;

import java.util.List;
import java.util.OptionalInt;

/**
 * Packs instances onto as few nodes as possible, so that idle nodes can be powered down. It places
 * like GREEDY; powering idle nodes down and waking them comes with the node power management.
 */
public final class PowerSavePolicy implements SchedulingPolicy {
  private final GreedyPolicy greedy = new GreedyPolicy();

  @Override
  public OptionalInt choose(List<NodeView> nodes, VmShape vm) {
    return greedy.choose(nodes, vm);
  }
}
