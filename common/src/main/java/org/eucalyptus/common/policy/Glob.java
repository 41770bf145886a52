package org.eucalyptus.common.policy;

/**
 * A pattern with IAM's wildcards ({@code *} any run of characters, none too; {@code ?} any one
 * character) in which some characters may be literal: those a policy variable put there
 * ({@code ${*}}, {@code ${?}}, or a user name). Matched by a loop with one backtrack point: no
 * regex, no allocation per match.
 */
final class Glob {
  private final String text;
  /** Which characters of {@code text} are literal although they are {@code *} or {@code ?}; null: none. */
  private final boolean[] literal;
  /** How many leading characters are plain (before the first wildcard): compared at once, the common case's work. */
  private final int plain;

  Glob(String text, boolean[] literal) {
    this.text = text;
    this.literal = literal;
    int i = 0;
    while (i < text.length() && !isWild(text, literal, i, '*') && !isWild(text, literal, i, '?')) {
      i++;
    }
    this.plain = i;
  }

  static Glob of(String text) {
    return new Glob(text, null);
  }

  String text() {
    return text;
  }

  /** Whether this is {@code *} alone, the pattern every value matches. */
  boolean matchesEverything() {
    return text.equals("*") && literal == null;
  }

  boolean matches(String value, boolean ignoreCase) {
    if (!value.regionMatches(ignoreCase, 0, text, 0, plain)) {
      return false;
    }
    if (plain == text.length()) {
      return value.length() == plain;
    }
    return match(text, literal, plain, value, ignoreCase);
  }

  /** Whether {@code value} matches pattern {@code p}, whose characters flagged in {@code literal} (may be null) are never wildcards. */
  static boolean matches(String p, boolean[] literal, String value, boolean ignoreCase) {
    return match(p, literal, 0, value, ignoreCase);
  }

  /** The match after the first {@code from} characters, equal in both. */
  private static boolean match(String p, boolean[] literal, int from, String value, boolean ignoreCase) {
    int pi = from;
    int vi = from;
    int star = -1;
    int mark = 0;
    while (vi < value.length()) {
      if (pi < p.length() && isWild(p, literal, pi, '*')) {
        star = pi++;
        mark = vi;
      } else if (pi < p.length() && (isWild(p, literal, pi, '?') || same(p.charAt(pi), value.charAt(vi), ignoreCase))) {
        pi++;
        vi++;
      } else if (star >= 0) {
        pi = star + 1;
        vi = ++mark;
      } else {
        return false;
      }
    }
    while (pi < p.length() && isWild(p, literal, pi, '*')) {
      pi++;
    }
    return pi == p.length();
  }

  private static boolean isWild(String text, boolean[] literal, int i, char wildcard) {
    return text.charAt(i) == wildcard && (literal == null || !literal[i]);
  }

  private static boolean same(char a, char b, boolean ignoreCase) {
    return a == b || (ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b));
  }

  /** The six colon-separated parts of an ARN pattern (the last one keeps its colons), or null if it has fewer. */
  Glob[] arnParts() {
    Glob[] parts = new Glob[6];
    int start = 0;
    for (int i = 0; i < 5; i++) {
      int colon = text.indexOf(':', start);
      if (colon < 0) {
        return null;
      }
      parts[i] = slice(start, colon);
      start = colon + 1;
    }
    parts[5] = slice(start, text.length());
    return parts;
  }

  private Glob slice(int from, int to) {
    return new Glob(text.substring(from, to), literal == null ? null : java.util.Arrays.copyOfRange(literal, from, to));
  }

  @Override
  public String toString() {
    return text;
  }
}
