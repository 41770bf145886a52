package org.eucalyptus.tools.bundle;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error, redrawn at most ten times a second. When standard
 * error is not a terminal (a log, CI) it prints a plain line at every quarter instead.
 */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final String label;
  private final long total;
  private final boolean terminal;
  private long lastDraw;
  private int lastQuarter = -1;

  ProgressBar(PrintStream out, String label, long total, boolean terminal) {
    this.out = out;
    this.label = label;
    this.total = Math.max(total, 1);
    this.terminal = terminal;
  }

  static ProgressBar onStderr(String label, long total) {
    return new ProgressBar(System.err, label, total, System.console() != null);
  }

  synchronized void update(long done) {
    if (terminal) {
      long now = System.nanoTime();
      if (done < total && now - lastDraw < 100_000_000L) {
        return;
      }
      lastDraw = now;
      out.print("\r" + line(done));
      out.flush();
    } else {
      int quarter = (int) (Math.min(done, total) * 4 / total);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        out.println(line(done));
      }
    }
  }

  synchronized void finish() {
    update(total);
    if (terminal) {
      out.println();
    }
  }

  String line(long done) {
    long d = Math.min(done, total);
    int filled = (int) (d * WIDTH / total);
    return String.format(Locale.ROOT, "%-12s [%s%s] %3d%%  %s / %s", label, "#".repeat(filled),
        " ".repeat(WIDTH - filled), d * 100 / total, human(d), human(total));
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
