package org.eucalyptus.clc.quotas;

import java.util.OptionalLong;
import org.eucalyptus.common.policy.Authorization;
import org.eucalyptus.common.policy.Limits;

/**
 * What one request may add under one quota key: the limits the caller's policies set on it
 * ({@link Authorization#limits}), and whose holdings they count (the account, and the user).
 */
public record QuotaClaim(String key, Limits limits, String accountNumber, String userId) {
  /** A claim nothing limits: the cloud administrator's, and work the cloud does for itself. */
  public static QuotaClaim unlimited(String key, String accountNumber, String userId) {
    return new QuotaClaim(key, Limits.NONE, accountNumber, userId);
  }

  /** The claim of the caller of {@code action} (service:Action) on {@code key}. */
  public static QuotaClaim of(Authorization authorization, String action, String key) {
    var caller = authorization.caller();
    return new QuotaClaim(key, authorization.limits(action, key), caller.accountNumber(), caller.userId());
  }

  /** The same claim without its user-level limit (for keys counted per account only, as IAM's). */
  public QuotaClaim accountOnly() {
    return new QuotaClaim(key, new Limits(OptionalLong.empty(), limits.account()), accountNumber, userId);
  }

  public boolean limited() {
    return limits.user().isPresent() || limits.account().isPresent();
  }
}
