package org.eucalyptus.common.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.eucalyptus.common.auth.Caller;

/**
 * What one caller may do, for the length of one request. The cloud administrator (the
 * {@code eucalyptus} account's admin) may do anything; an account's admin anything its account's
 * policies do not deny; any other user what its own and its groups' policies allow and nothing
 * denies. Decisions are remembered for this request only: a policy change counts from the next.
 */
public final class Authorization {
  private final Caller caller;
  private final CallerPolicies policies;
  private final RequestFacts facts;
  private final Map<String, List<Statement>> identityByAction = new HashMap<>();
  private final Map<String, List<Statement>> accountByAction = new HashMap<>();
  private final Map<String, Decision> decisions = new HashMap<>();

  public Authorization(Caller caller, CallerPolicies policies, RequestFacts facts) {
    this.caller = caller;
    this.policies = policies;
    this.facts = facts;
  }

  public Caller caller() {
    return caller;
  }

  public boolean cloudAdmin() {
    return caller.admin();
  }

  public boolean accountAdmin() {
    return caller.accountAdmin();
  }

  /** Whether {@code action} (service:Action) on {@code resource} (an ARN) is allowed. */
  public boolean allows(String action, String resource) {
    return decide(action, resource).allowed();
  }

  public synchronized Decision decide(String action, String resource) {
    return decisions.computeIfAbsent(action + '\n' + resource, k -> evaluate(action, resource));
  }

  /**
   * Whether some statement could allow {@code action} on some resource: what a Describe asks before
   * it filters its answer to what the caller may see (and refuses as a whole when nothing could).
   */
  public synchronized boolean mayAttempt(String action) {
    if (cloudAdmin() || accountAdmin()) {
      return true;
    }
    for (Statement s : identity(action)) {
      if (s.effect() == Effect.ALLOW) {
        return true;
      }
    }
    return false;
  }

  /** The quota limits on {@code quotaKey} that apply when this caller does {@code action}. */
  public Limits limits(String action, String quotaKey) {
    if (cloudAdmin()) {
      return Limits.NONE;
    }
    long user = PolicyEvaluator.limit(policies.identity(), action, quotaKey);
    long account = PolicyEvaluator.limit(policies.account(), action, quotaKey);
    return new Limits(user < 0 ? OptionalLong.empty() : OptionalLong.of(user),
        account < 0 ? OptionalLong.empty() : OptionalLong.of(account));
  }

  private Decision evaluate(String action, String resource) {
    if (cloudAdmin()) {
      return Decision.ALLOW;
    }
    if (PolicyEvaluator.evaluate(account(action), action, resource, this::key) == Decision.EXPLICIT_DENY) {
      return Decision.EXPLICIT_DENY;
    }
    if (accountAdmin()) {
      return Decision.ALLOW;
    }
    return PolicyEvaluator.evaluate(identity(action), action, resource, this::key);
  }

  private List<Statement> identity(String action) {
    return identityByAction.computeIfAbsent(action.toLowerCase(Locale.ROOT),
        a -> PolicyEvaluator.forAction(policies.identity(), action));
  }

  private List<Statement> account(String action) {
    return accountByAction.computeIfAbsent(action.toLowerCase(Locale.ROOT),
        a -> PolicyEvaluator.forAction(policies.account(), action));
  }

  /** The request's value of a global condition key (lower case), or null. */
  private String key(String name) {
    return switch (name) {
      case "aws:sourceip" -> facts.sourceIp();
      case "aws:securetransport" -> Boolean.toString(facts.secureTransport());
      case "aws:currenttime" -> facts.time().toString();
      case "aws:epochtime" -> Long.toString(facts.time().getEpochSecond());
      case "aws:username" -> caller.userName();
      case "aws:userid" -> caller.userId();
      default -> null;
    };
  }
}
