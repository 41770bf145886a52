package org.eucalyptus.common.xml;

/**
 * Which characters an XML 1.0 document can carry, and which a request may bring in. XML 1.0 has
 * no way at all (not even a character reference) to write NUL, the other C0 controls but tab, LF
 * and CR, U+FFFE/U+FFFF or a lone surrogate: a name or tag holding one, once stored, would break
 * every later answer that lists it. So the APIs refuse such input at the door ({@link #refusedAt}),
 * and the writers refuse to write it ({@link InvalidXmlCharacterException}).
 */
public final class XmlChars {
  private XmlChars() {}

  /** Index of the first character XML 1.0 cannot carry in {@code s}, or -1. */
  public static int firstUnwritable(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0xD800) {
        continue;
      }
      if (c == '\t' || c == '\n' || c == '\r') {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
        continue;
      }
      if (c >= 0xE000 && c <= 0xFFFD) {
        continue;
      }
      return i;
    }
    return -1;
  }

  /**
   * Index of the first character a request may not bring in, or -1: what XML cannot carry, and
   * also DEL and the C1 controls (legal in XML 1.0 but restricted in 1.1, and shown by no client).
   * Tab, LF and CR stay allowed, as EC2 allows them in descriptions.
   */
  public static int refusedAt(CharSequence s) {
    int bad = firstUnwritable(s);
    for (int i = 0; i < s.length() && (bad < 0 || i < bad); i++) {
      char c = s.charAt(i);
      if (c >= 0x7F && c <= 0x9F) {
        return i;
      }
    }
    return bad;
  }

  /** How to name the character at {@code i} in an error message: {@code U+0000}. */
  public static String describe(CharSequence s, int i) {
    int cp = Character.codePointAt(s, i);
    return String.format("U+%04X", cp);
  }

  /**
   * {@code s} made safe to quote in a message: characters a request may not carry become
   * {@code \\uXXXX}, and a long value is cut (with a note of its length).
   */
  public static String printable(String s, int maxLength) {
    if (s == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), maxLength) + 16);
    for (int i = 0; i < s.length() && b.length() < maxLength; i++) {
      char c = s.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
      if (pair) {
        b.append(c).append(s.charAt(++i));
      } else if (refusedAt(String.valueOf(c)) >= 0) {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    if (b.length() >= maxLength && b.length() < s.length()) {
      b.append("… (").append(s.length()).append(" characters)");
    }
    return b.toString();
  }

  /** {@link #printable(String, int)} cut at 256 characters. */
  public static String printable(String s) {
    return printable(s, 256);
  }
}
