package org.eucalyptus.bench.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the chaos run found, kept as it goes and printed at the end with the targets beside. */
final class ChaosReport {
  /**
   * One kill -9 and restart: the time from the kill until the init script had the component's port
   * open again, and from then until the three views agreed (NaN: not within the wait).
   */
  record Restart(String what, double downSec, double agreeSec, String stillDiffering, int ignored) {}

  private final List<Restart> restarts = new ArrayList<>();
  private final Map<String, List<String>> findings = new LinkedHashMap<>();
  private final Map<String, List<Census.Item>> censuses = new LinkedHashMap<>();

  void restart(Restart r) {
    restarts.add(r);
  }

  void finding(String what, java.util.Collection<String> ids) {
    findings.put(what, new ArrayList<>(ids));
  }

  void finding(String what, int count) {
    List<String> l = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      l.add("#" + (i + 1));
    }
    findings.put(what, l);
  }

  void finding(String what, String text) {
    findings.put(what, List.of(text));
  }

  void census(String phase, List<Census.Item> items) {
    censuses.put(phase, items);
  }

  /** Prints it all; {@code objects} is null when no objects were PUT (phase 2 only). */
  void print(int instances, double seconds, ObjectChurn objects, int objectChecks, Path logDir) {
    System.out.printf(Locale.ROOT, "%n==== bench/chaos: %d instances churned; kill -9 of the CLC, CC, Walrus, NC; %.0f s in all%n",
        instances, seconds);
    System.out.println("Restarts (kill -9, 2 s down, then the init script's start): 'down' is kill -> port open again,"
        + " 'agree' is port open -> the CLC's, CC's and NC's instance sets equal; target: agree within 30 s");
    for (Restart r : restarts) {
      System.out.printf(Locale.ROOT, "  %-62s down %5.1f s   agree %s%s%n", r.what(), r.downSec(),
          Double.isNaN(r.agreeSec()) ? "NOT within 90 s  MISSED (" + r.stillDiffering() + ")"
              : String.format(Locale.ROOT, "%5.1f s  %s", r.agreeSec(), r.agreeSec() <= 30 ? "ok" : "MISSED"),
          r.ignored() == 0 ? "" : "  (leaving out " + r.ignored() + " instances in disagreement since an earlier restart)");
    }
    System.out.println("Instances (target 0 each):");
    findings.forEach((what, list) -> {
      if (what.contains("client errors")) {
        System.out.printf("  %-92s %s%n", what, list.get(0));
      } else {
        System.out.printf("  %-92s %3d %s%n", what, list.size(), list.isEmpty() ? "" : list);
      }
    });
    if (objects != null) {
      System.out.printf(Locale.ROOT, "Walrus objects (target 0 lost, 0 corrupt): %d acknowledged, %d reads checked;"
          + " lost %d %s, corrupt %d %s; PUTs failed while down %d, ETag not the MD5 %d%n", objects.acknowledged(),
          objectChecks, objects.lost.size(), objects.lost.isEmpty() ? "" : objects.lost, objects.corrupt.size(),
          objects.corrupt.isEmpty() ? "" : objects.corrupt, objects.failedPuts.get(), objects.badEtags.get());
    }
    censuses.forEach((phase, items) -> {
      System.out.println("Left over once every instance was terminated and the cloud idle (" + phase + ", target 0 each):");
      for (Census.Item i : items) {
        System.out.printf("  %-52s %3d %s%n", i.what(), i.count(), i.count() == 0 ? "" : i.detail());
      }
    });
    System.out.println("Logs: " + logDir);
  }
}
