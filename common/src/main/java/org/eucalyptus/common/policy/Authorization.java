package org.eucalyptus.common.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.eucalyptus.common.auth.Caller;

/**
 * What one caller may do, for the length of one request.
 *
 * <ul>
 *   <li>The cloud administrator (the {@code eucalyptus} account's admin) may do anything.
 *   <li>The account's policies (the cloud administrator's, on the account) come first for everyone
 *       else, the account's admin too: a Deny there denies. If they hold any Allow statement they
 *       also bound the account, as Eucalyptus 3.1's account-level authorization did: an action is
 *       then possible only where they allow it. Account policies of Deny and Limit statements
 *       alone bound nothing else.
 *   <li>Within those bounds, the account's admin may do anything; any other user what its own and
 *       its groups' policies allow and none denies.
 * </ul>
 *
 * <p>Built once per request, asked once per resource: statements are chosen per action and
 * compiled for this request once (variables substituted, conditions on the request's own
 * {@code aws:} keys decided), and decisions are remembered for this request only, so a policy change
 * counts from the next request.
 */
public final class Authorization {
  /** Decisions remembered per request at most: a request asking about more resources recomputes. */
  private static final int MAX_REMEMBERED = 65_536;

  private final Caller caller;
  private final CallerPolicies policies;
  private final RequestFacts facts;
  private final boolean accountBounds;
  private final Map<String, Rules> rulesByAction = new HashMap<>();
  private final Map<DecisionKey, Decision> decisions = new HashMap<>();

  /** The statements for one action: the caller's own and groups' ({@code identity}), and its account's. */
  private record Rules(List<CompiledStatement> identity, List<CompiledStatement> account) {}

  private record DecisionKey(String action, String resource, Map<String, String> keys) {}

  public Authorization(Caller caller, CallerPolicies policies, RequestFacts facts) {
    this.caller = caller;
    this.policies = policies;
    this.facts = facts;
    this.accountBounds = holdsAllow(policies.account());
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

  /** Whether the account's policies bound what anyone in the account may do (they hold an Allow). */
  public boolean accountBounded() {
    return accountBounds;
  }

  /** Whether {@code action} (service:Action) on {@code resource} (an ARN) is allowed. */
  public boolean allows(String action, String resource) {
    return decide(action, resource).allowed();
  }

  /** As {@link #allows(String, String)}, with the service's own condition keys for this decision. */
  public boolean allows(String action, String resource, Map<String, String> keys) {
    return decide(action, resource, keys).allowed();
  }

  public Decision decide(String action, String resource) {
    return decide(action, resource, Map.of());
  }

  /**
   * The decision on {@code action} on {@code resource}, with {@code keys}: the service's condition
   * keys for this one decision (e.g. S3's {@code s3:prefix}, {@code s3:max-keys}; names compared
   * case-insensitively). The {@code aws:} keys are always the request's own and cannot be given here.
   */
  public synchronized Decision decide(String action, String resource, Map<String, String> keys) {
    Map<String, String> serviceKeys = lowerCased(keys);
    DecisionKey k = new DecisionKey(action, resource, serviceKeys);
    Decision d = decisions.get(k);
    if (d == null) {
      d = evaluate(action, resource, serviceKeys);
      if (decisions.size() < MAX_REMEMBERED) {
        decisions.put(k, d);
      }
    }
    return d;
  }

  /**
   * Whether some statement could allow {@code action} on some resource: what a Describe asks before
   * it filters its answer to what the caller may see (and refuses as a whole when nothing could).
   */
  public synchronized boolean mayAttempt(String action) {
    if (cloudAdmin()) {
      return true;
    }
    Rules r = rules(action);
    if (deniesEverything(r.account()) || (accountBounds && !holdsAllowIn(r.account()))) {
      return false;
    }
    if (accountAdmin()) {
      return true;
    }
    return !deniesEverything(r.identity()) && holdsAllowIn(r.identity());
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

  private Decision evaluate(String action, String resource, Map<String, String> serviceKeys) {
    if (cloudAdmin()) {
      return Decision.ALLOW;
    }
    Rules r = rules(action);
    Decision account = PolicyEvaluator.decide(r.account(), resource, serviceKeys::get);
    if (account == Decision.EXPLICIT_DENY) {
      return Decision.EXPLICIT_DENY;
    }
    if (accountBounds && account != Decision.ALLOW) {
      return Decision.DEFAULT_DENY;
    }
    if (accountAdmin()) {
      return Decision.ALLOW;
    }
    return PolicyEvaluator.decide(r.identity(), resource, serviceKeys::get);
  }

  private Rules rules(String action) {
    String lower = action.toLowerCase(Locale.ROOT);
    Rules r = rulesByAction.get(lower);
    if (r == null) {
      r = new Rules(compile(policies.identity(), action), compile(policies.account(), action));
      rulesByAction.put(lower, r);
    }
    return r;
  }

  private List<CompiledStatement> compile(List<PolicyDocument> docs, String action) {
    List<CompiledStatement> out = new ArrayList<>();
    for (Statement s : PolicyEvaluator.forAction(docs, action)) {
      if (s.effect() == Effect.LIMIT) {
        continue;
      }
      CompiledStatement c = CompiledStatement.compile(s, this::requestKey);
      if (c != null) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  private static boolean holdsAllow(List<PolicyDocument> docs) {
    for (PolicyDocument d : docs) {
      for (Statement s : d.statements()) {
        if (s.effect() == Effect.ALLOW) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean holdsAllowIn(List<CompiledStatement> statements) {
    for (CompiledStatement s : statements) {
      if (s.effect() == Effect.ALLOW) {
        return true;
      }
    }
    return false;
  }

  private static boolean deniesEverything(List<CompiledStatement> statements) {
    for (CompiledStatement s : statements) {
      if (s.effect() == Effect.DENY && s.appliesToEverything()) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> lowerCased(Map<String, String> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, String> e : keys.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (e.getValue() != null && !CompiledStatement.isRequestKey(name)) {
        out.put(name, e.getValue());
      }
    }
    return Map.copyOf(out);
  }

  /** The request's value of one of its own condition keys (lower case), or null. */
  private String requestKey(String name) {
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
