package org.eucalyptus.common.policy;

import java.util.List;

/**
 * One statement of a policy. Exactly one of Action/NotAction and at most one of
 * Resource/NotResource were given: {@code notAction}/{@code notResource} say which, and the
 * patterns are kept as written (wildcards {@code *} and {@code ?}). No Resource at all is held as
 * {@code ["*"]}. {@code variables}: the document is Version 2012-10-17, so {@code ${aws:username}}
 * and the like in resources and condition values are policy variables (in 2008-10-17, literal text).
 */
public record Statement(
    String sid, Effect effect, List<String> actions, boolean notAction, List<String> resources, boolean notResource,
    List<Condition> conditions, boolean variables) {
  public Statement {
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
    conditions = List.copyOf(conditions);
  }

  /** A statement without policy variables (Version 2008-10-17). */
  public Statement(String sid, Effect effect, List<String> actions, boolean notAction, List<String> resources,
      boolean notResource, List<Condition> conditions) {
    this(sid, effect, actions, notAction, resources, notResource, conditions, false);
  }
}
