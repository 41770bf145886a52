package org.eucalyptus.common.policy;

/** IAM's pattern matching: {@code *} any run of characters (none too), {@code ?} any one character. */
final class Wildcards {
  private Wildcards() {}

  static boolean matches(String pattern, String value, boolean ignoreCase) {
    return match(pattern, 0, value, 0, ignoreCase);
  }

  // Iterative with one backtrack point: linear enough for policy patterns, and no regex to escape.
  private static boolean match(String p, int pi, String v, int vi, boolean ignoreCase) {
    int star = -1;
    int mark = 0;
    while (vi < v.length()) {
      if (pi < p.length() && (p.charAt(pi) == '?' || same(p.charAt(pi), v.charAt(vi), ignoreCase))) {
        pi++;
        vi++;
      } else if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        mark = vi;
      } else if (star >= 0) {
        pi = star + 1;
        vi = ++mark;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }

  private static boolean same(char a, char b, boolean ignoreCase) {
    return a == b || (ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b));
  }
}
