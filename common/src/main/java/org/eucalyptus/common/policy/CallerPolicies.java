package org.eucalyptus.common.policy;

import java.util.List;

/**
 * The policies that apply to one caller: its own and its groups' ({@code identity}), and its
 * account's ({@code account}, set by the cloud administrator: quotas, and denials for everyone in
 * the account, its admin too).
 */
public record CallerPolicies(List<PolicyDocument> identity, List<PolicyDocument> account) {
  public static final CallerPolicies NONE = new CallerPolicies(List.of(), List.of());

  public CallerPolicies {
    identity = List.copyOf(identity);
    account = List.copyOf(account);
  }
}
