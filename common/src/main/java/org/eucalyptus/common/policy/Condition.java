package org.eucalyptus.common.policy;

import java.util.List;

/**
 * One test of a statement's Condition block: {@code operator} (e.g. StringLike, IpAddress, with
 * an {@code IfExists} suffix where given) applied to the request's value of {@code key}
 * (e.g. aws:SourceIp, compared case-insensitively) against any of {@code values}.
 */
public record Condition(String operator, String key, List<String> values) {
  public Condition {
    values = List.copyOf(values);
  }
}
