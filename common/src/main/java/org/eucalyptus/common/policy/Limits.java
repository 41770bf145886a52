package org.eucalyptus.common.policy;

import java.util.OptionalLong;

/**
 * The quota limits on one key for one caller: what its own and its groups' Limit statements allow
 * it ({@code user}, counted over what the user owns) and what its account's allow the whole account
 * ({@code account}). Empty where no statement limits it.
 */
public record Limits(OptionalLong user, OptionalLong account) {
  public static final Limits NONE = new Limits(OptionalLong.empty(), OptionalLong.empty());
}
