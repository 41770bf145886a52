package org.eucalyptus.common.policy;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * IAM's condition operators. A positive operator holds when the request's value matches any of the
 * statement's values; a negated one ({@code StringNotEquals}, {@code NotIpAddress}, …) when it
 * matches none. A key the request does not carry fails the test, unless the operator ends in
 * {@code IfExists}; {@code Null} tests for exactly that.
 */
final class Conditions {
  private static final Set<String> OPERATORS = Set.of(
      "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike",
      "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
      "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals", "DateNotEquals", "DateLessThan",
      "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool", "IpAddress", "NotIpAddress",
      "ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike", "Null");

  private Conditions() {}

  static boolean knows(String operator) {
    String base = operator.endsWith("IfExists") ? operator.substring(0, operator.length() - 8) : operator;
    return OPERATORS.contains(base) && !(base.equals("Null") && operator.endsWith("IfExists"));
  }

  /** Whether the request, whose value for the condition's key is {@code actual} (null: absent), passes. */
  static boolean test(Condition c, String actual) {
    String op = c.operator();
    boolean ifExists = op.endsWith("IfExists");
    if (ifExists) {
      op = op.substring(0, op.length() - 8);
    }
    if (op.equals("Null")) {
      boolean wantAbsent = c.values().stream().anyMatch(v -> v.equalsIgnoreCase("true"));
      return wantAbsent == (actual == null);
    }
    if (actual == null) {
      return ifExists;
    }
    return switch (op) {
      case "StringEquals", "ArnEquals" -> any(c.values(), v -> v.equals(actual));
      case "StringNotEquals", "ArnNotEquals" -> !any(c.values(), v -> v.equals(actual));
      case "StringEqualsIgnoreCase" -> any(c.values(), v -> v.equalsIgnoreCase(actual));
      case "StringNotEqualsIgnoreCase" -> !any(c.values(), v -> v.equalsIgnoreCase(actual));
      case "StringLike", "ArnLike" -> any(c.values(), v -> Wildcards.matches(v, actual, false));
      case "StringNotLike", "ArnNotLike" -> !any(c.values(), v -> Wildcards.matches(v, actual, false));
      case "NumericEquals" -> compare(c.values(), actual, Conditions::number, r -> r == 0);
      case "NumericNotEquals" -> !compare(c.values(), actual, Conditions::number, r -> r == 0);
      case "NumericLessThan" -> compare(c.values(), actual, Conditions::number, r -> r < 0);
      case "NumericLessThanEquals" -> compare(c.values(), actual, Conditions::number, r -> r <= 0);
      case "NumericGreaterThan" -> compare(c.values(), actual, Conditions::number, r -> r > 0);
      case "NumericGreaterThanEquals" -> compare(c.values(), actual, Conditions::number, r -> r >= 0);
      case "DateEquals" -> compare(c.values(), actual, Conditions::date, r -> r == 0);
      case "DateNotEquals" -> !compare(c.values(), actual, Conditions::date, r -> r == 0);
      case "DateLessThan" -> compare(c.values(), actual, Conditions::date, r -> r < 0);
      case "DateLessThanEquals" -> compare(c.values(), actual, Conditions::date, r -> r <= 0);
      case "DateGreaterThan" -> compare(c.values(), actual, Conditions::date, r -> r > 0);
      case "DateGreaterThanEquals" -> compare(c.values(), actual, Conditions::date, r -> r >= 0);
      case "Bool" -> any(c.values(), v -> v.equalsIgnoreCase(actual));
      case "IpAddress" -> any(c.values(), v -> inRange(actual, v));
      case "NotIpAddress" -> !any(c.values(), v -> inRange(actual, v));
      default -> false;
    };
  }

  private static boolean any(List<String> values, java.util.function.Predicate<String> p) {
    for (String v : values) {
      if (p.test(v)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code actual} compared with any value gives a result {@code wanted} accepts; unreadable values never match. */
  private static <T extends Comparable<T>> boolean compare(List<String> values, String actual, Function<String, T> read,
      java.util.function.IntPredicate wanted) {
    T a = read.apply(actual);
    if (a == null) {
      return false;
    }
    for (String v : values) {
      T b = read.apply(v);
      if (b != null && wanted.test(a.compareTo(b))) {
        return true;
      }
    }
    return false;
  }

  static BigDecimal number(String s) {
    try {
      return new BigDecimal(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** ISO 8601 (2026-12-05T10:00:00Z, with an offset, or a date alone) or epoch seconds. */
  static Instant date(String s) {
    String v = s.strip();
    try {
      if (v.matches("\\d{1,12}")) {
        return Instant.ofEpochSecond(Long.parseLong(v));
      }
      if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return Instant.parse(v + "T00:00:00Z");
      }
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      return null;
    }
  }

  /** Whether address {@code ip} lies in {@code cidr} (a.b.c.d/n, an IPv6 prefix, or one address). */
  static boolean inRange(String ip, String cidr) {
    try {
      int slash = cidr.indexOf('/');
      byte[] net = literal(slash < 0 ? cidr : cidr.substring(0, slash));
      byte[] addr = literal(ip);
      if (net == null || addr == null || net.length != addr.length) {
        return false;
      }
      int bits = slash < 0 ? net.length * 8 : Integer.parseInt(cidr.substring(slash + 1).strip());
      if (bits < 0 || bits > net.length * 8) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The bytes of an IP address literal; null for anything else (never a name lookup). */
  private static byte[] literal(String s) {
    String v = s.strip().toLowerCase(Locale.ROOT);
    if (!v.matches("[0-9.]+") && !v.matches("[0-9a-f:.]+")) {
      return null;
    }
    try {
      return InetAddress.getByName(v).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
