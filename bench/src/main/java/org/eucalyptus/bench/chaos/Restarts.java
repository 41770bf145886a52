package org.eucalyptus.bench.chaos;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eucalyptus.bench.chaos.BoxCloud.Component;

/**
 * kill -9 of one component and its restart by its init script, then the wait until the CLC's, CC's
 * and NC's views of the instances agree again; each restart is reported.
 */
final class Restarts {
  private static final Duration AGREE_MAX = Duration.ofSeconds(90);

  private final BoxCloud cloud;
  private final Views views;
  private final Churn.Gate gate;
  private final ChaosReport report;
  /** Instances the views still disagreed on when an agreement wait ran out. */
  private final Set<String> persistent = new TreeSet<>();

  Restarts(BoxCloud cloud, Views views, Churn.Gate gate, ChaosReport report) {
    this.cloud = cloud;
    this.views = views;
    this.gate = gate;
    this.report = report;
  }

  /**
   * kill -9 of one component; {@code whileDown} runs while it is down; then its init script starts
   * it. New launches and terminates wait while the three views are compared.
   */
  void killAndRestart(String label, Component c, Runnable whileDown) throws Exception {
    ChaosBench.log("kill -9 " + c.script + " (" + label + ")");
    long t0 = System.nanoTime();
    cloud.kill9(c);
    whileDown.run();
    Thread.sleep(2000); // down a moment, as until a supervisor notices
    long tStart = System.nanoTime();
    cloud.start(c);
    long tUp = System.nanoTime();
    gate.close();
    try {
      // Instances that stayed in disagreement after an earlier restart are left out: they are
      // counted there (and in the census), and would keep every later restart from agreeing.
      int ignored = persistent.size();
      Map<String, String> diff = newDifferences();
      long deadline = tUp + AGREE_MAX.toNanos();
      while ((diff == null || !diff.isEmpty()) && System.nanoTime() < deadline) {
        Thread.sleep(200);
        diff = newDifferences();
      }
      boolean agreed = diff != null && diff.isEmpty();
      double agree = agreed ? (System.nanoTime() - tUp) / 1e9 : Double.NaN;
      String still = agreed ? null : diff == null ? "a component does not answer" : diff.toString();
      if (diff != null) {
        persistent.addAll(diff.keySet());
      }
      report.restart(new ChaosReport.Restart(label, (tUp - t0) / 1e9, agree, still, ignored));
      ChaosBench.log(String.format(Locale.ROOT, "  up again %.1f s after the kill (the init script's start took %.1f s);"
          + " views agree %s", (tUp - t0) / 1e9, (tUp - tStart) / 1e9, agreed
          ? String.format(Locale.ROOT, "%.1f s after it was up", agree) : "NOT within 90 s: " + still));
    } finally {
      gate.open();
    }
  }

  /** The views' differences, without the instances that disagreed persistently before. */
  Map<String, String> newDifferences() {
    Map<String, String> d = views.differences();
    if (d != null) {
      d.keySet().removeAll(persistent);
    }
    return d;
  }

  /** Leaves {@code ids} out of later agreement checks (they disagree for good, and are reported). */
  void disagreeing(Set<String> ids) {
    persistent.addAll(ids);
  }
}
