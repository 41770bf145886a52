package org.eucalyptus.cc.scheduler;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/** Chooses the node for one instance among nodes in NODES order; empty if none fits. */
public interface SchedulingPolicy {
  OptionalInt choose(List<NodeView> nodes, VmShape vm);

  /** The policy named by {@code SCHEDPOLICY}. */
  static SchedulingPolicy named(String name) {
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "GREEDY" -> new GreedyPolicy();
      case "ROUNDROBIN" -> new RoundRobinPolicy();
      case "POWERSAVE" -> new PowerSavePolicy();
      default -> throw new IllegalArgumentException(
          "SCHEDPOLICY must be GREEDY, ROUNDROBIN or POWERSAVE, not '" + name + "'");
    };
  }
}
