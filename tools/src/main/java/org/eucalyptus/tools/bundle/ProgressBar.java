package org.eucalyptus.tools.bundle;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error, redrawn at most ten times a second. It is shown when
 * standard error is a terminal (the launcher scripts say so in {@code -Deuca.stderr.tty}) unless
 * {@code --no-progress} is given; {@code --progress} shows it anywhere, as a plain line at every
 * quarter when standard error is not a terminal (a log, CI).
 */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final String label;
  private final long total;
  private final boolean terminal;
  private final boolean shown;
  private long lastDraw;
  private int lastQuarter = -1;

  ProgressBar(PrintStream out, String label, long total, boolean terminal, boolean shown) {
    this.out = out;
    this.label = label;
    this.total = Math.max(total, 1);
    this.terminal = terminal;
    this.shown = shown;
  }

  /** Whether the launcher found standard error to be a terminal. */
  static boolean stderrIsTerminal() {
    return Boolean.getBoolean("euca.stderr.tty");
  }

  /** A bar on standard error; {@code wanted} is the user's --progress (true), --no-progress (false) or neither (null). */
  static ProgressBar onStderr(String label, long total, Boolean wanted) {
    boolean tty = stderrIsTerminal();
    return new ProgressBar(System.err, label, total, tty, wanted != null ? wanted : tty);
  }

  synchronized void update(long done) {
    if (!shown) {
      return;
    }
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
    if (shown && terminal) {
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
