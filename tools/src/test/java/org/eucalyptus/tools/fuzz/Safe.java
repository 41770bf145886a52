package org.eucalyptus.tools.fuzz;

/** Text shown in a report: control characters escaped, cut to a length. */
final class Safe {
  private Safe() {}

  static String show(String s, int max) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || (c >= 0xD800 && c <= 0xDFFF) || c >= 0xFFFE) {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return s.length() > max ? b + "…(" + s.length() + ")" : b.toString();
  }
}
