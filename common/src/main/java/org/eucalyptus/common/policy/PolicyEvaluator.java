package org.eucalyptus.common.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * IAM's evaluation of a set of policies for one action on one resource: an explicit Deny wins,
 * then any Allow, else the default deny. Limit statements are quotas, not permissions: they are
 * read by {@link #limit}, never here.
 */
public final class PolicyEvaluator {
  private PolicyEvaluator() {}

  /** @param keys the request's value of a condition key (lower case), or null where it has none */
  public static Decision evaluate(List<Statement> statements, String action, String resource,
      Function<String, String> keys) {
    boolean allowed = false;
    for (Statement s : statements) {
      if (s.effect() == Effect.LIMIT || !actionMatches(s, action) || !resourceMatches(s, resource)
          || !conditionsHold(s, keys)) {
        continue;
      }
      if (s.effect() == Effect.DENY) {
        return Decision.EXPLICIT_DENY;
      }
      allowed = true;
    }
    return allowed ? Decision.ALLOW : Decision.DEFAULT_DENY;
  }

  /** The statements of {@code docs} whose Action (or NotAction) covers {@code action}. */
  public static List<Statement> forAction(List<PolicyDocument> docs, String action) {
    List<Statement> out = new ArrayList<>();
    for (PolicyDocument d : docs) {
      for (Statement s : d.statements()) {
        if (actionMatches(s, action)) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /**
   * The lowest limit the Limit statements of {@code docs} covering {@code action} set on
   * {@code quotaKey} ({@code NumericLessThanEquals} n allows n, {@code NumericLessThan} n allows
   * n - 1); -1 where none does.
   */
  public static long limit(List<PolicyDocument> docs, String action, String quotaKey) {
    long lowest = -1;
    for (PolicyDocument d : docs) {
      for (Statement s : d.statements()) {
        if (s.effect() != Effect.LIMIT || !actionMatches(s, action)) {
          continue;
        }
        for (Condition c : s.conditions()) {
          if (!c.key().equalsIgnoreCase(quotaKey)) {
            continue;
          }
          for (String v : c.values()) {
            java.math.BigDecimal n = Conditions.number(v);
            if (n == null) {
              continue;
            }
            long allowed = n.longValue() - (c.operator().startsWith("NumericLessThanEquals") ? 0
                : c.operator().startsWith("NumericLessThan") ? 1 : 0);
            allowed = Math.max(0, allowed);
            lowest = lowest < 0 ? allowed : Math.min(lowest, allowed);
          }
        }
      }
    }
    return lowest;
  }

  static boolean actionMatches(Statement s, String action) {
    boolean any = false;
    for (String p : s.actions()) {
      if (Wildcards.matches(p, action, true)) {
        any = true;
        break;
      }
    }
    return any != s.notAction();
  }

  static boolean resourceMatches(Statement s, String resource) {
    boolean any = false;
    for (String p : s.resources()) {
      if (Wildcards.matches(p, resource, false)) {
        any = true;
        break;
      }
    }
    return any != s.notResource();
  }

  private static boolean conditionsHold(Statement s, Function<String, String> keys) {
    for (Condition c : s.conditions()) {
      if (!Conditions.test(c, keys.apply(c.key()))) {
        return false;
      }
    }
    return true;
  }
}
