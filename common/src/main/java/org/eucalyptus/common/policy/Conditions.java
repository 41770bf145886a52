package org.eucalyptus.common.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * IAM's condition operators, one condition compiled for one request: the statement's values read
 * once (numbers, dates, address blocks, patterns with their variables substituted), then tested
 * against the request's value of the key with no further parsing of the statement.
 *
 * <p>A positive operator holds when the request's value matches any of the statement's values; a
 * negated one ({@code StringNotEquals}, {@code NotIpAddress}, …) when it matches none. A key the
 * request does not carry fails the test, unless the operator ends in {@code IfExists}
 * ({@code ForAllValues:} holds then too: every one of no values matches); {@code Null} tests for
 * exactly that. A request value that cannot be read as the operator's kind (a number, a date, an
 * address) fails the test, negated or not.
 */
final class Conditions {
  /** Longest numeric value read: enough for any quota or count, short enough never to cost. */
  static final int MAX_NUMBER_CHARS = 40;

  private final Operator op;
  private final String key;
  /** The statement's values, read for the operator's kind; null where a variable had no value. */
  private final Object[] values;

  private Conditions(Operator op, String key, Object[] values) {
    this.op = op;
    this.key = key;
    this.values = values;
  }

  String key() {
    return key;
  }

  /** {@code c} ready to test, its values' variables (when {@code variables}) taken from {@code requestKeys}. */
  static Conditions compile(Condition c, boolean variables, Function<String, String> requestKeys) {
    Operator op;
    try {
      op = Operator.parse(c.operator());
    } catch (IllegalArgumentException e) {
      return new Conditions(null, c.key(), new Object[0]); // not from the parser: a test that never holds
    }
    Object[] values = new Object[c.values().size()];
    for (int i = 0; i < values.length; i++) {
      String v = c.values().get(i);
      Glob g = variables ? PolicyVariables.substitute(v, requestKeys) : Glob.of(v);
      values[i] = g == null ? null : read(op.base().kind, g);
    }
    return new Conditions(op, c.key(), values);
  }

  /** What is wrong with {@code value} as a value of an operator of {@code kind}, or null. */
  static String problem(Operator.Kind kind, String value) {
    Object read = read(kind, Glob.of(value));
    if (read != null) {
      return null;
    }
    return switch (kind) {
      case NUMERIC -> "\"" + value + "\" is not a number (at most " + MAX_NUMBER_CHARS + " characters)";
      case DATE -> "\"" + value + "\" is not a date (ISO 8601 such as 2026-12-05T10:00:00Z, or epoch seconds)";
      case BOOL, NULL -> "\"" + value + "\" is neither true nor false";
      case IP -> "\"" + value + "\" is not an IP address or CIDR block (10.0.0.0/8, 2001:db8::/32)";
      case ARN -> "\"" + value + "\" is not an ARN (arn:partition:service:region:account:resource)";
      default -> "\"" + value + "\" cannot be read";
    };
  }

  private static Object read(Operator.Kind kind, Glob g) {
    String text = g.text();
    return switch (kind) {
      case STRING, STRING_IGNORE_CASE, STRING_LIKE -> g;
      case NUMERIC -> number(text);
      case DATE -> date(text);
      case BOOL, NULL -> bool(text);
      case IP -> IpAddresses.block(text);
      case ARN -> Arns.parts(g);
    };
  }

  /**
   * Whether the request passes, its value for the key being {@code actual} (null: the request
   * carries no such key).
   */
  boolean test(String actual) {
    if (op == null) {
      return false;
    }
    Operator.Base base = op.base();
    if (base.kind == Operator.Kind.NULL) {
      boolean absent = actual == null;
      for (Object v : values) {
        if (v != null && (Boolean) v == absent) {
          return true;
        }
      }
      return false;
    }
    if (actual == null) {
      return op.ifExists() || op.set() == Operator.SetPrefix.FOR_ALL_VALUES;
    }
    // The request's keys carry one value each: ForAnyValue and ForAllValues test that one.
    Object a = readActual(base.kind, actual);
    if (a == null) {
      return false;
    }
    boolean any = false;
    for (Object v : values) {
      if (v != null && matches(base, a, v)) {
        any = true;
        break;
      }
    }
    return any != base.negated;
  }

  private static Object readActual(Operator.Kind kind, String actual) {
    return switch (kind) {
      case STRING, STRING_IGNORE_CASE, STRING_LIKE -> actual;
      case NUMERIC -> number(actual);
      case DATE -> date(actual);
      case BOOL -> actual;
      case IP -> IpAddresses.address(actual);
      case ARN -> Arns.split(actual);
      case NULL -> actual;
    };
  }

  private static boolean matches(Operator.Base base, Object actual, Object value) {
    return switch (base.kind) {
      case STRING -> ((Glob) value).text().equals(actual);
      case STRING_IGNORE_CASE -> ((Glob) value).text().equalsIgnoreCase((String) actual);
      case STRING_LIKE -> ((Glob) value).matches((String) actual, false);
      case NUMERIC -> compared(base.test, ((BigDecimal) actual).compareTo((BigDecimal) value));
      case DATE -> compared(base.test, ((Instant) actual).compareTo((Instant) value));
      case BOOL -> ((Boolean) value).toString().equalsIgnoreCase((String) actual);
      case IP -> ((IpAddresses.Block) value).contains((byte[]) actual);
      case ARN -> Arns.matches((Glob[]) value, (String[]) actual);
      case NULL -> false;
    };
  }

  private static boolean compared(Operator.Test test, int r) {
    return switch (test) {
      case EQ -> r == 0;
      case LT -> r < 0;
      case LE -> r <= 0;
      case GT -> r > 0;
      case GE -> r >= 0;
    };
  }

  /** A decimal number, or null (also for one longer than {@link #MAX_NUMBER_CHARS}: 1e999999999 costs). */
  static BigDecimal number(String s) {
    String v = s.strip();
    if (v.isEmpty() || v.length() > MAX_NUMBER_CHARS) {
      return null;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == 'e' || c == 'E') {
        return null; // plain decimals only: no exponent can make a number expensive
      }
    }
    try {
      return new BigDecimal(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** ISO 8601 (2026-12-05T10:00:00Z, with an offset, or a date alone, midnight UTC) or epoch seconds; else null. */
  static Instant date(String s) {
    String v = s.strip();
    if (v.isEmpty() || v.length() > 40) {
      return null;
    }
    if (digits(v)) {
      return v.length() <= 12 ? Instant.ofEpochSecond(Long.parseLong(v)) : null;
    }
    try {
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Boolean bool(String s) {
    String v = s.strip();
    return v.equalsIgnoreCase("true") ? Boolean.TRUE : v.equalsIgnoreCase("false") ? Boolean.FALSE : null;
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
