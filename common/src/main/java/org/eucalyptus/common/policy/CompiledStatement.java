package org.eucalyptus.common.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A statement made ready for one request's many decisions: its resource patterns with their
 * variables substituted, and its conditions on the request's own keys ({@code aws:…}, the same
 * for every decision of the request) already decided. What is left per decision is matching the
 * resource and testing the conditions on service keys ({@code s3:prefix}, …).
 */
final class CompiledStatement {
  final Statement source;
  private final Glob[] resources;
  private final Conditions[] conditions;

  private CompiledStatement(Statement source, Glob[] resources, Conditions[] conditions) {
    this.source = source;
    this.resources = resources;
    this.conditions = conditions;
  }

  Effect effect() {
    return source.effect();
  }

  /**
   * {@code s} compiled for a request whose keys are {@code requestKeys} (lower-case names; the
   * {@code aws:} keys are all the request's own); null when a condition on them fails, so the
   * statement can apply to none of this request's decisions.
   */
  static CompiledStatement compile(Statement s, Function<String, String> requestKeys) {
    List<Conditions> left = new ArrayList<>(s.conditions().size());
    for (Condition c : s.conditions()) {
      Conditions compiled = Conditions.compile(c, s.variables(), requestKeys);
      if (isRequestKey(c.key())) {
        if (!compiled.test(requestKeys.apply(c.key()))) {
          return null;
        }
      } else {
        left.add(compiled);
      }
    }
    Glob[] resources = new Glob[s.resources().size()];
    for (int i = 0; i < resources.length; i++) {
      String r = s.resources().get(i);
      resources[i] = s.variables() ? PolicyVariables.substitute(r, requestKeys) : Glob.of(r);
    }
    return new CompiledStatement(s, resources, left.toArray(new Conditions[0]));
  }

  /** Whether {@code key} (lower case) is the request's rather than the service's: every {@code aws:} key. */
  static boolean isRequestKey(String key) {
    return key.startsWith("aws:");
  }

  boolean applies(String resource, Function<String, String> serviceKeys) {
    return resourceMatches(resource) && conditionsHold(serviceKeys);
  }

  boolean resourceMatches(String resource) {
    boolean any = false;
    for (Glob g : resources) {
      if (g != null && g.matches(resource, false)) {
        any = true;
        break;
      }
    }
    return any != source.notResource();
  }

  private boolean conditionsHold(Function<String, String> serviceKeys) {
    for (Conditions c : conditions) {
      if (!c.test(serviceKeys.apply(c.key()))) {
        return false;
      }
    }
    return true;
  }

  /** Whether this applies to every resource of every decision: a Resource of * and no condition left. */
  boolean appliesToEverything() {
    if (source.notResource() || conditions.length > 0) {
      return false;
    }
    for (Glob g : resources) {
      if (g != null && g.matchesEverything()) {
        return true;
      }
    }
    return false;
  }
}
