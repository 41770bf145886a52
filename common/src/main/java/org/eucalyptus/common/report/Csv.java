package org.eucalyptus.common.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CSV as reports are downloaded (RFC 4180), safe to open in a spreadsheet: no cell is read as a formula. */
public final class Csv {
  private Csv() {}

  /**
   * A cell: quoted when it holds a comma, a quote or a line break; a text starting with = + - or @
   * (which a spreadsheet would run as a formula) starts with an apostrophe instead, a number does not.
   */
  public static String cell(String v) {
    String s = v == null ? "" : v;
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?[0-9]+(\\.[0-9]+)?")) {
      s = "'" + s;
    }
    return s.matches("[^,\"\r\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
  }

  /** The header line of {@code columns}, then one line per row, its cells in the columns' order. */
  public static String document(List<String> columns, List<Map<String, String>> rows) {
    StringBuilder b = new StringBuilder(String.join(",", columns)).append('\n');
    for (Map<String, String> row : rows) {
      List<String> cells = new ArrayList<>(columns.size());
      for (String c : columns) {
        cells.add(cell(row.get(c)));
      }
      b.append(String.join(",", cells)).append('\n');
    }
    return b.toString();
  }
}
