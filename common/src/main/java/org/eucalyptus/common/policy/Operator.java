package org.eucalyptus.common.policy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A condition operator as written: a base ({@code StringLike}, {@code IpAddress}, …), optionally a
 * set prefix ({@code ForAnyValue:}, {@code ForAllValues:}) and an {@code IfExists} suffix. Names are
 * read case-insensitively and kept in IAM's spelling.
 */
record Operator(Base base, SetPrefix set, boolean ifExists) {
  /** How the statement's values are read and compared. */
  enum Kind { STRING, STRING_IGNORE_CASE, STRING_LIKE, NUMERIC, DATE, BOOL, IP, ARN, NULL }

  /** How the comparison's result is read: equal (or matching), less, less or equal, … */
  enum Test { EQ, LT, LE, GT, GE }

  enum SetPrefix {
    NONE(""), FOR_ANY_VALUE("ForAnyValue:"), FOR_ALL_VALUES("ForAllValues:");

    final String spelling;

    SetPrefix(String spelling) {
      this.spelling = spelling;
    }
  }

  enum Base {
    StringEquals(Kind.STRING, Test.EQ, false),
    StringNotEquals(Kind.STRING, Test.EQ, true),
    StringEqualsIgnoreCase(Kind.STRING_IGNORE_CASE, Test.EQ, false),
    StringNotEqualsIgnoreCase(Kind.STRING_IGNORE_CASE, Test.EQ, true),
    StringLike(Kind.STRING_LIKE, Test.EQ, false),
    StringNotLike(Kind.STRING_LIKE, Test.EQ, true),
    NumericEquals(Kind.NUMERIC, Test.EQ, false),
    NumericNotEquals(Kind.NUMERIC, Test.EQ, true),
    NumericLessThan(Kind.NUMERIC, Test.LT, false),
    NumericLessThanEquals(Kind.NUMERIC, Test.LE, false),
    NumericGreaterThan(Kind.NUMERIC, Test.GT, false),
    NumericGreaterThanEquals(Kind.NUMERIC, Test.GE, false),
    DateEquals(Kind.DATE, Test.EQ, false),
    DateNotEquals(Kind.DATE, Test.EQ, true),
    DateLessThan(Kind.DATE, Test.LT, false),
    DateLessThanEquals(Kind.DATE, Test.LE, false),
    DateGreaterThan(Kind.DATE, Test.GT, false),
    DateGreaterThanEquals(Kind.DATE, Test.GE, false),
    Bool(Kind.BOOL, Test.EQ, false),
    IpAddress(Kind.IP, Test.EQ, false),
    NotIpAddress(Kind.IP, Test.EQ, true),
    ArnEquals(Kind.ARN, Test.EQ, false),
    ArnNotEquals(Kind.ARN, Test.EQ, true),
    ArnLike(Kind.ARN, Test.EQ, false),
    ArnNotLike(Kind.ARN, Test.EQ, true),
    Null(Kind.NULL, Test.EQ, false);

    final Kind kind;
    final Test test;
    /** A negated operator holds when the request's value matches none of the statement's values. */
    final boolean negated;

    Base(Kind kind, Test test, boolean negated) {
      this.kind = kind;
      this.test = test;
      this.negated = negated;
    }
  }

  private static final Map<String, Base> BY_LOWER_NAME = byLowerName();

  private static Map<String, Base> byLowerName() {
    Map<String, Base> m = new HashMap<>();
    for (Base b : Base.values()) {
      m.put(b.name().toLowerCase(Locale.ROOT), b);
    }
    return Map.copyOf(m);
  }

  /** IAM's spelling of this operator, e.g. {@code ForAllValues:StringLikeIfExists}. */
  String spelling() {
    return set.spelling + base.name() + (ifExists ? "IfExists" : "");
  }

  /**
   * The operator {@code text} names, or throws {@link IllegalArgumentException} saying why not
   * (the message completes "… is not a condition operator: ").
   */
  static Operator parse(String text) {
    String rest = text;
    SetPrefix set = SetPrefix.NONE;
    for (SetPrefix p : new SetPrefix[] {SetPrefix.FOR_ANY_VALUE, SetPrefix.FOR_ALL_VALUES}) {
      if (rest.regionMatches(true, 0, p.spelling, 0, p.spelling.length())) {
        set = p;
        rest = rest.substring(p.spelling.length());
      }
    }
    boolean ifExists = rest.length() > 8 && rest.regionMatches(true, rest.length() - 8, "IfExists", 0, 8);
    if (ifExists) {
      rest = rest.substring(0, rest.length() - 8);
    }
    Base base = BY_LOWER_NAME.get(rest.toLowerCase(Locale.ROOT));
    if (base == null) {
      throw new IllegalArgumentException("known operators are String(Not)Equals(IgnoreCase), String(Not)Like, "
          + "Numeric(Not)Equals, NumericLessThan(Equals), NumericGreaterThan(Equals), Date… likewise, Bool, "
          + "IpAddress, NotIpAddress, Arn(Not)Equals, Arn(Not)Like and Null, each but Null with an optional IfExists "
          + "suffix and ForAnyValue: or ForAllValues: prefix");
    }
    if (base == Base.Null && (ifExists || set != SetPrefix.NONE)) {
      throw new IllegalArgumentException("Null takes neither IfExists nor a ForAnyValue:/ForAllValues: prefix");
    }
    return new Operator(base, set, ifExists);
  }
}
