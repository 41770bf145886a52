package org.eucalyptus.clc.ha;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The work only one front end may do, each part started when this front end takes the lead and
 * stopped when it loses it, in the order given (stopped in the reverse order). One part that fails
 * to start or stop does not keep the others from it.
 */
public final class LeaderDuties implements Leadership.Listener {
  private static final Logger LOG = LogManager.getLogger(LeaderDuties.class);

  private record Duty(String name, Runnable start, Runnable stop) {}

  private final List<Duty> duties = new ArrayList<>();

  /** Adds a part: {@code start} when leading, {@code stop} when no longer. */
  public LeaderDuties duty(String name, Runnable start, Runnable stop) {
    duties.add(new Duty(name, start, stop));
    return this;
  }

  @Override
  public void becameLeader() {
    for (Duty d : duties) {
      run(d.name(), "start", d.start());
    }
  }

  @Override
  public void lostLeadership() {
    for (int i = duties.size() - 1; i >= 0; i--) {
      run(duties.get(i).name(), "stop", duties.get(i).stop());
    }
  }

  private static void run(String name, String what, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.error("the leader's {} did not {}: {}", name, what, e.toString(), e);
    }
  }
}
