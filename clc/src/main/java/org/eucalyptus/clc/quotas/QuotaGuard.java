package org.eucalyptus.clc.quotas;

import jakarta.persistence.LockModeType;
import java.util.OptionalLong;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.identity.Account;
import org.hibernate.Session;

/**
 * Holds a request to its quotas, in the transaction that then inserts what it admits: the
 * account's row is locked first (PESSIMISTIC_WRITE, a row lock on H2 and PostgreSQL alike), so of
 * two requests of one account the second counts only after the first has committed its rows or
 * rolled back, and both cannot take the last slot. Nothing is locked or counted for a claim no
 * Limit statement limits.
 */
public final class QuotaGuard {
  private QuotaGuard() {}

  /** Admits one new resource, or throws (see {@link #admit}). */
  public static void admitOne(Session s, QuotaClaim claim, Holdings holdings, ResourceKind kind, String noun)
      throws LimitExceededException {
    admit(s, claim, holdings, 1, 1, kind, noun);
  }

  /**
   * How many of {@code wanted} new resources fit the claim's limits: all of them, or as many as
   * there is room for when that is at least {@code atLeast} (as EC2 treats RunInstances' MinCount
   * and MaxCount); fewer, and a {@link LimitExceededException} of {@code kind} names the quota.
   *
   * @param noun what is counted, in the plural ("instances"), for the message
   */
  public static int admit(Session s, QuotaClaim claim, Holdings holdings, int atLeast, int wanted, ResourceKind kind,
      String noun) throws LimitExceededException {
    OptionalLong userLimit = holdings.countsUsers() && claim.userId() != null ? claim.limits().user()
        : OptionalLong.empty();
    OptionalLong accountLimit = claim.limits().account();
    if (userLimit.isEmpty() && accountLimit.isEmpty()) {
      return wanted;
    }
    s.find(Account.class, claim.accountNumber(), LockModeType.PESSIMISTIC_WRITE);
    long room = Long.MAX_VALUE;
    String refusal = null;
    if (accountLimit.isPresent()) {
      long held = holdings.ofAccount(s, claim.accountNumber());
      room = Math.max(0, accountLimit.getAsLong() - held);
      refusal = message(claim.key(), accountLimit.getAsLong(), noun, "your account", "it has " + held, atLeast);
    }
    if (userLimit.isPresent()) {
      long held = holdings.ofUser(s, claim.userId());
      long userRoom = Math.max(0, userLimit.getAsLong() - held);
      if (userRoom < room) {
        room = userRoom;
        refusal = message(claim.key(), userLimit.getAsLong(), noun, "your user (its own or its groups' policies)",
            "you have " + held, atLeast);
      }
    }
    if (room < atLeast) {
      throw new LimitExceededException(kind, refusal);
    }
    return (int) Math.min(wanted, room);
  }

  private static String message(String key, long limit, String noun, String setFor, String held, int atLeast) {
    return "This request would exceed your quota of " + limit + " " + noun + " (" + key + "), set for " + setFor
        + ": " + held + " and the request needs at least " + atLeast + " more.";
  }
}
