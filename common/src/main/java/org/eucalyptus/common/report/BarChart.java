package org.eucalyptus.common.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The geometry of a horizontal bar chart (the usage reports' hours by kind): one bar a row, the
 * longest as long as {@code length}, the rest in proportion. Whoever draws it (the console's template,
 * euca-admin report's page) escapes the labels.
 */
public final class BarChart {
  /** Height of a row, in pixels. */
  public static final int ROW = 24;

  /**
   * One bar: its label, the top of its row, the baseline of its texts, its length, where its value's
   * text starts, and the value to two places.
   */
  public record Bar(String label, int y, int textY, String width, String valueX, String value) {}

  private BarChart() {}

  /**
   * @param left where bars start
   * @param length the longest bar's
   */
  public static List<Bar> bars(Map<String, Double> values, double left, double length) {
    double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    List<Bar> out = new ArrayList<>();
    int y = 4;
    for (Map.Entry<String, Double> e : values.entrySet()) {
      double w = max <= 0 ? 0 : length * e.getValue() / max;
      out.add(new Bar(e.getKey(), y, y + 14, fmt(w), fmt(left + w + 6), String.format(Locale.ROOT, "%.2f",
          e.getValue())));
      y += ROW;
    }
    return out;
  }

  /** The chart's height for {@code rows} bars. */
  public static int height(int rows) {
    return rows * ROW + 10;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
