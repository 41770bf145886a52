package org.eucalyptus.tools.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code euca-admin report}: usage between two times (instance hours by type, core and memory hours,
 * volume, snapshot and address hours, buckets' byte-hours and requests) by account, user and zone, from the cloud's hourly rollups, as
 * CSV, JSON or an HTML page with a bar chart.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Usage between two times, by account, user, zone, kind and type (csv, json or html).")
final class ReportCommand implements Callable<Integer> {
  enum Format { csv, json, html }

  static final List<String> COLUMNS = List.of("accountNumber", "accountName", "userId", "userName", "zone", "kind",
      "type", "hours", "gibHours", "coreHours", "memoryGibHours", "byteHours", "requests");

  @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

  @Option(names = "--start", required = true, description = "from (ISO-8601, e.g. 2026-12-01 or 2026-12-01T06:00:00Z)")
  String start;

  @Option(names = "--end", required = true, description = "until (ISO-8601), not included")
  String end;

  @Option(names = "--account", description = "one account (name or number); default: every account")
  String account;

  @Option(names = "--format", defaultValue = "csv", description = "csv (default), json or html")
  Format format;

  @Option(names = {"-o", "--output"}, description = "write here instead of standard output")
  Path output;

  @Override
  public Integer call() throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("StartTime", start);
    p.put("EndTime", end);
    if (account != null) {
      p.put("Account", account);
    }
    String resp = credentials.configuration().call("GetUsageReport", p);
    List<Map<String, String>> lines = new ArrayList<>();
    for (org.w3c.dom.Element item : Ec2QueryClient.blocks(resp, "item")) {
      Map<String, String> line = new LinkedHashMap<>();
      for (String c : COLUMNS) {
        line.put(c, Ec2QueryClient.element(item, c));
      }
      lines.add(line);
    }
    String from = Ec2QueryClient.element(resp, "startTime");
    String to = Ec2QueryClient.element(resp, "endTime");
    String text = switch (format) {
      case csv -> csv(lines);
      case json -> json(from, to, lines);
      case html -> html(from, to, lines);
    };
    if (output == null) {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      out.print(text);
      out.flush();
    } else {
      Files.writeString(output, text);
    }
    return 0;
  }

  static String csv(List<Map<String, String>> lines) {
    return org.eucalyptus.common.report.Csv.document(COLUMNS, lines);
  }

  static String json(String from, String to, List<Map<String, String>> lines) throws IOException {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("start", from);
      g.writeStringField("end", to);
      g.writeArrayFieldStart("usage");
      for (Map<String, String> l : lines) {
        g.writeStartObject();
        for (String c : COLUMNS) {
          if (c.endsWith("ours") || c.equals("requests")) { // hours, GiB-hours ... byte-hours, requests: numbers
            g.writeFieldName(c);
            g.writeNumber(new java.math.BigDecimal(l.get(c)));
          } else {
            g.writeStringField(c, l.get(c));
          }
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return w + "\n";
  }

  /** A page on its own: the table, and a bar chart of hours by kind and type. */
  static String html(String from, String to, List<Map<String, String>> lines) {
    StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Usage "
        + esc(from) + " to " + esc(to) + "</title>\n<style>body{font-family:sans-serif}td,th{border:1px solid #ccc;"
        + "padding:2px 6px}table{border-collapse:collapse}td.n{text-align:right}</style></head><body>\n<h1>Usage from "
        + esc(from) + " to " + esc(to) + "</h1>\n");
    Map<String, Double> byKind = new TreeMap<>();
    for (Map<String, String> l : lines) {
      String k = l.get("kind") + (l.get("type").isEmpty() ? "" : " " + l.get("type"));
      byKind.merge(k, Double.parseDouble(l.get("hours")), Double::sum);
    }
    b.append(bars(byKind)).append("<table>\n<tr>");
    for (String c : COLUMNS) {
      b.append("<th>").append(esc(c)).append("</th>");
    }
    b.append("</tr>\n");
    for (Map<String, String> l : lines) {
      b.append("<tr>");
      for (String c : COLUMNS) {
        b.append(c.endsWith("ours") ? "<td class=\"n\">" : "<td>").append(esc(l.get(c))).append("</td>");
      }
      b.append("</tr>\n");
    }
    return b.append("</table>\n</body></html>\n").toString();
  }

  /** Horizontal bars as inline SVG (common's geometry, as the console draws them): no script, no external file. */
  static String bars(Map<String, Double> values) {
    StringBuilder b = new StringBuilder("<svg class=\"chart\" role=\"img\" aria-label=\"hours by kind\""
        + " xmlns=\"http://www.w3.org/2000/svg\" width=\"700\" height=\""
        + org.eucalyptus.common.report.BarChart.height(values.size()) + "\">\n");
    for (org.eucalyptus.common.report.BarChart.Bar bar : org.eucalyptus.common.report.BarChart.bars(values, 180, 420)) {
      b.append("<text x=\"0\" y=\"").append(bar.textY()).append("\" font-size=\"13\">").append(esc(bar.label()))
          .append("</text><rect x=\"180\" y=\"").append(bar.y()).append("\" width=\"").append(bar.width())
          .append("\" height=\"16\" fill=\"#2f5d34\"><title>").append(esc(bar.label())).append("</title></rect>")
          .append("<text x=\"").append(bar.valueX()).append("\" y=\"").append(bar.textY())
          .append("\" font-size=\"12\">").append(bar.value()).append(" h</text>\n");
    }
    return b.append("</svg>\n").toString();
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
