package org.eucalyptus.common.policy;

import java.util.function.Function;

/**
 * Policy variables, in Version 2012-10-17 documents only (in 2008-10-17 the text is literal):
 * {@code ${aws:username}} and any other request key is replaced by the request's value;
 * {@code ${*}}, {@code ${?}} and {@code ${$}} stand for the characters themselves, never wildcards.
 * Every substituted character is literal.
 */
final class PolicyVariables {
  private PolicyVariables() {}

  static boolean mentions(String text) {
    return text.contains("${");
  }

  /**
   * What is wrong with the variables in {@code text}, or null: each variable must close with a
   * brace, and name a key (prefix:name) or one of the characters *, ? and $.
   */
  static String problem(String text) {
    int from = 0;
    for (int start = text.indexOf("${", from); start >= 0; start = text.indexOf("${", from)) {
      int end = text.indexOf('}', start + 2);
      if (end < 0) {
        return "the policy variable at character " + (start + 1) + " has no closing }";
      }
      String name = text.substring(start + 2, end);
      if (!name.equals("*") && !name.equals("?") && !name.equals("$") && !PolicyReader.isKeyName(name)) {
        return "${" + name + "} is not a policy variable (a key such as ${aws:username}, or ${*}, ${?}, ${$})";
      }
      from = end + 1;
    }
    return null;
  }

  /**
   * {@code text} with its variables replaced by the request's values ({@code keys}, by lower-case
   * name), as a pattern whose substituted characters are literal; null when a variable names a key
   * the request does not carry (then nothing matches it).
   */
  static Glob substitute(String text, Function<String, String> keys) {
    if (!mentions(text)) {
      return Glob.of(text);
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    java.util.BitSet literal = new java.util.BitSet();
    int i = 0;
    while (i < text.length()) {
      int start = text.indexOf("${", i);
      int end = start < 0 ? -1 : text.indexOf('}', start + 2);
      if (start < 0 || end < 0) {
        out.append(text, i, text.length());
        break;
      }
      out.append(text, i, start);
      String name = text.substring(start + 2, end);
      String value = switch (name) {
        case "*", "?", "$" -> name;
        default -> keys.apply(name.toLowerCase(java.util.Locale.ROOT));
      };
      if (value == null) {
        return null;
      }
      literal.set(out.length(), out.length() + value.length());
      out.append(value);
      i = end + 1;
    }
    boolean[] flags = new boolean[out.length()];
    for (int b = literal.nextSetBit(0); b >= 0 && b < flags.length; b = literal.nextSetBit(b + 1)) {
      flags[b] = true;
    }
    return new Glob(out.toString(), flags);
  }
}
