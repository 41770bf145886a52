package org.eucalyptus.clc.console;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eucalyptus.clc.api.ApiException;
import org.w3c.dom.Element;

/**
 * Usage reports (GetUsageReport, as its admin service answers the signed-in administrator): a range and an
 * account, the lines by account, user, zone, kind and type, a bar chart of hours by kind and type, a time
 * series of hours per period, and the same lines as CSV. Charts are SVG drawn here: no script.
 */
final class ReportsPage {
  static final int PERIODS = 24;
  static final String[] COLUMNS = {"accountName", "accountNumber", "userName", "zone", "kind", "type", "hours",
      "gibHours", "coreHours", "memoryGibHours", "byteHours", "requests"};

  private final ConsoleApi api;
  private final Pages pages;

  ReportsPage(ConsoleApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
  }

  /** The range asked for: by default the last seven days to the next hour. */
  record Range(String start, String end, String account) {
    static Range of(ConsoleRequest r, Instant now) {
      Instant to = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
      String start = r.param("start").isEmpty() ? to.minus(Duration.ofDays(7)).toString() : r.param("start");
      String end = r.param("end").isEmpty() ? to.toString() : r.param("end");
      return new Range(start, end, r.param("account"));
    }

    Map<String, String> params() {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("StartTime", start);
      p.put("EndTime", end);
      if (!account.isEmpty()) {
        p.put("Account", account);
      }
      return p;
    }
  }

  List<Map<String, String>> lines(ConsoleRequest r, Range range) throws ApiException {
    List<Map<String, String>> out = new ArrayList<>();
    for (Element e : api.configuration(r, "GetUsageReport", range.params()).all("usageSet/item")) {
      Map<String, String> line = new LinkedHashMap<>();
      for (String c : COLUMNS) {
        line.put(c, ApiDoc.text(e, c));
      }
      out.add(line);
    }
    return out;
  }

  byte[] show(ConsoleRequest r, Instant now) throws ApiException {
    Range range = Range.of(r, now);
    ApiDoc whole = api.configuration(r, "GetUsageReport", range.params());
    List<Map<String, String>> lines = new ArrayList<>();
    Map<String, Double> byKind = new TreeMap<>();
    for (Element e : whole.all("usageSet/item")) {
      Map<String, String> line = new LinkedHashMap<>();
      for (String c : COLUMNS) {
        line.put(c, ApiDoc.text(e, c));
      }
      lines.add(line);
      byKind.merge(label(line), Double.parseDouble(line.get("hours")), Double::sum);
    }
    // The time series: instance hours in each of up to PERIODS equal periods of the range.
    Instant from = Instant.parse(whole.text("startTime"));
    Instant to = Instant.parse(whole.text("endTime"));
    long step = Math.max(3_600_000L, Duration.between(from, to).toMillis() / PERIODS);
    List<double[]> series = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (Instant t = from; t.isBefore(to); t = t.plusMillis(step)) {
      Instant next = t.plusMillis(step).isAfter(to) ? to : t.plusMillis(step);
      Map<String, String> p = new LinkedHashMap<>(range.params());
      p.put("StartTime", t.toString());
      p.put("EndTime", next.toString());
      double hours = 0;
      for (Element e : api.configuration(r, "GetUsageReport", p).all("usageSet/item")) {
        if (ApiDoc.text(e, "kind").equals("instance")) {
          hours += Double.parseDouble(ApiDoc.text(e, "hours"));
        }
      }
      series.add(new double[] {hours});
      labels.add(t.toString().substring(0, 16).replace('T', ' '));
    }
    Map<String, Object> model = new HashMap<>();
    model.put("start", range.start());
    model.put("end", range.end());
    model.put("account", range.account());
    model.put("lines", lines);
    model.put("none", lines.isEmpty());
    model.put("bars", Charts.bars(byKind));
    model.put("barsHeight", byKind.size() * 24 + 10);
    model.put("series", Charts.series(labels, series.stream().mapToDouble(d -> d[0]).toArray()));
    model.put("csvQuery", "start=" + enc(range.start()) + "&end=" + enc(range.end()) + "&account=" + enc(range.account()));
    return pages.render("reports", r, model);
  }

  byte[] csv(ConsoleRequest r, Instant now) throws ApiException {
    StringBuilder b = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (Map<String, String> l : lines(r, Range.of(r, now))) {
      List<String> cells = new ArrayList<>();
      for (String c : COLUMNS) {
        cells.add(csvCell(l.get(c)));
      }
      b.append(String.join(",", cells)).append('\n');
    }
    return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static String label(Map<String, String> line) {
    return line.get("kind") + (line.get("type").isEmpty() ? "" : " " + line.get("type"));
  }

  /** A cell quoted when it must be, and never read as a formula by a spreadsheet. */
  static String csvCell(String v) {
    String s = v == null ? "" : v;
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?[0-9.]+")) {
      s = "'" + s;
    }
    return s.matches("[^,\"\r\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Charts as data for the template: every number and label is drawn by the template, escaped. */
  static final class Charts {
    private Charts() {}

    static List<Map<String, Object>> bars(Map<String, Double> values) {
      double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
      List<Map<String, Object>> out = new ArrayList<>();
      int y = 4;
      for (Map.Entry<String, Double> e : values.entrySet()) {
        double w = max <= 0 ? 0 : 420 * e.getValue() / max;
        out.add(Map.of("label", e.getKey(), "y", y, "textY", y + 14, "width", fmt(w), "valueX", fmt(186 + w),
            "value", String.format(Locale.ROOT, "%.2f", e.getValue())));
        y += 24;
      }
      return out;
    }

    static Map<String, Object> series(List<String> labels, double[] values) {
      double max = 0;
      for (double v : values) {
        max = Math.max(max, v);
      }
      int n = values.length;
      double slot = n == 0 ? 0 : 600.0 / n;
      List<Map<String, Object>> columns = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        double h = max <= 0 ? 0 : 160 * values[i] / max;
        columns.add(Map.of("x", fmt(40 + i * slot), "y", fmt(180 - h), "width", fmt(Math.max(1, slot - 2)),
            "height", fmt(h), "label", labels.get(i), "value", String.format(Locale.ROOT, "%.2f", values[i])));
      }
      return Map.of("columns", columns, "max", String.format(Locale.ROOT, "%.2f", max),
          "first", labels.isEmpty() ? "" : labels.get(0), "last", labels.isEmpty() ? "" : labels.get(n - 1));
    }

    private static String fmt(double v) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
  }
}
