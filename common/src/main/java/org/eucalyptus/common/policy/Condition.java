package org.eucalyptus.common.policy;

import java.util.List;

/**
 * One test of a statement's Condition block: {@code operator} in IAM's spelling (e.g.
 * {@code StringLike}, {@code IpAddress}, {@code ForAllValues:StringEqualsIfExists}) applied to the
 * request's value of {@code key} (lower case, e.g. {@code aws:sourceip}: keys compare
 * case-insensitively) against any of {@code values} (as written; numbers and booleans as their text).
 */
public record Condition(String operator, String key, List<String> values) {
  public Condition {
    values = List.copyOf(values);
  }
}
