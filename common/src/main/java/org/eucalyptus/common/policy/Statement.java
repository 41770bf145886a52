package org.eucalyptus.common.policy;

import java.util.List;

/**
 * One statement of a policy. Exactly one of Action/NotAction and at most one of
 * Resource/NotResource were given: {@code notAction}/{@code notResource} say which, and the
 * patterns are kept as written (wildcards {@code *} and {@code ?}). No Resource at all is held as
 * {@code ["*"]}.
 */
public record Statement(
    String sid, Effect effect, List<String> actions, boolean notAction, List<String> resources, boolean notResource,
    List<Condition> conditions) {
  public Statement {
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
    conditions = List.copyOf(conditions);
  }
}
