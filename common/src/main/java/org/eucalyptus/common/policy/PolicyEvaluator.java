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

  /**
   * One decision on its own (an {@link Authorization} compiles the statements once per request
   * and is the fast way to ask many).
   *
   * @param keys the request's value of a condition key (lower case), or null where it has none
   */
  public static Decision evaluate(List<Statement> statements, String action, String resource,
      Function<String, String> keys) {
    List<CompiledStatement> compiled = new ArrayList<>();
    for (Statement s : statements) {
      if (s.effect() != Effect.LIMIT && actionMatches(s, action)) {
        CompiledStatement c = CompiledStatement.compile(s, keys);
        if (c != null) {
          compiled.add(c);
        }
      }
    }
    return decide(compiled, resource, keys);
  }

  /** The decision of statements already chosen for the action and compiled for the request. */
  static Decision decide(List<CompiledStatement> statements, String resource, Function<String, String> serviceKeys) {
    boolean allowed = false;
    for (int i = 0, n = statements.size(); i < n; i++) {
      CompiledStatement s = statements.get(i);
      if (s.effect() == Effect.LIMIT || (allowed && s.effect() == Effect.ALLOW)
          || !s.applies(resource, serviceKeys)) {
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
          boolean inclusive = !c.operator().equals(Operator.Base.NumericLessThan.name());
          for (String v : c.values()) {
            long n = wholeNumber(v);
            if (n < 0) {
              continue;
            }
            long allowed = inclusive ? n : Math.max(0, n - 1);
            lowest = lowest < 0 ? allowed : Math.min(lowest, allowed);
          }
        }
      }
    }
    return lowest;
  }

  /** {@code text} as a whole number from 0 to Long.MAX_VALUE, or -1. */
  static long wholeNumber(String text) {
    String v = text.strip();
    if (v.isEmpty() || v.length() > 19) {
      return -1;
    }
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return -1; // beyond Long.MAX_VALUE
    }
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
}
