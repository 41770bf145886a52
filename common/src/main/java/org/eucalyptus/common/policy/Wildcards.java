package org.eucalyptus.common.policy;

/** IAM's pattern matching: {@code *} any run of characters (none too), {@code ?} any one character. */
final class Wildcards {
  private Wildcards() {}

  static boolean matches(String pattern, String value, boolean ignoreCase) {
    return Glob.matches(pattern, null, value, ignoreCase);
  }
}
