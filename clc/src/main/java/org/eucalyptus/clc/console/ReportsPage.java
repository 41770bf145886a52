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
import org.eucalyptus.common.report.BarChart;
import org.eucalyptus.common.report.Csv;
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
    Map<String, String> params = new LinkedHashMap<>(range.params());
    params.put("SeriesPeriods", Integer.toString(PERIODS)); // the time series in the same call
    ApiDoc whole = api.configuration(r, "GetUsageReport", params);
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
    List<String> labels = new ArrayList<>();
    List<Double> series = new ArrayList<>();
    for (Element e : whole.all("seriesSet/item")) {
      labels.add(ApiDoc.text(e, "startTime").substring(0, 16).replace('T', ' '));
      series.add(Double.parseDouble(ApiDoc.text(e, "instanceHours")));
    }
    Map<String, Object> model = new HashMap<>();
    model.put("start", range.start());
    model.put("end", range.end());
    model.put("account", range.account());
    model.put("lines", lines);
    model.put("none", lines.isEmpty());
    model.put("bars", BarChart.bars(byKind, 180, 420));
    model.put("barsHeight", BarChart.height(byKind.size()));
    model.put("series", Charts.series(labels, series.stream().mapToDouble(Double::doubleValue).toArray()));
    model.put("csvQuery", "start=" + enc(range.start()) + "&end=" + enc(range.end()) + "&account=" + enc(range.account()));
    return pages.render("reports", r, model);
  }

  byte[] csv(ConsoleRequest r, Instant now) throws ApiException {
    return Csv.document(List.of(COLUMNS), lines(r, Range.of(r, now))).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static String label(Map<String, String> line) {
    return line.get("kind") + (line.get("type").isEmpty() ? "" : " " + line.get("type"));
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Charts as data for the template: every number and label is drawn by the template, escaped. */
  static final class Charts {
    private Charts() {}

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
