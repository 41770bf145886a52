package org.eucalyptus.clc.quotas;

import org.hibernate.Session;

/**
 * How to count what an account, or one user, holds of one kind of resource: the entity, its
 * account and owner-user fields, and which rows count (e.g. instances not yet terminated). Read
 * inside the transaction that adds more, after {@link QuotaGuard} has locked the account.
 *
 * @param userField null where resources have no owning user (the key is counted per account only)
 * @param condition an HQL condition on the entity's fields, or null for every row
 * @param measure what is held, in HQL: {@code count(*)} (how many), or a sum such as the volumes' GiB
 */
public record Holdings(String entity, String accountField, String userField, String condition, String measure) {
  public Holdings(String entity, String accountField, String userField, String condition) {
    this(entity, accountField, userField, condition, "count(*)");
  }

  /** Instances that are not terminated: pending (including those just recorded), running, shutting down. */
  public static final Holdings INSTANCES = new Holdings("Instance", "accountNumber", "userId", "state <> 'terminated'");
  /** Registered images not deregistered. */
  public static final Holdings IMAGES = new Holdings("Image", "ownerAccount", "ownerUser", "state = 'available'");
  /** Elastic addresses allocated (addresses lent to instances for their life are not the account's). */
  public static final Holdings ADDRESSES = new Holdings("Address", "accountNumber", "userId", null);
  /** An account's users, its admin included (as 3.1 counted them). */
  public static final Holdings USERS = new Holdings("User", "accountNumber", null, null);
  /** An account's IAM groups. */
  public static final Holdings GROUPS = new Holdings("Group", "accountNumber", null, null);
  // clc-volumes: volumes not yet deleted (deleting ones still hold their space), by number and by size.
  /** Volumes not deleted. */
  public static final Holdings VOLUMES = new Holdings("Volume", "accountNumber", "userId", "state <> 'deleted'");
  /** The GiB of the volumes not deleted. */
  public static final Holdings VOLUME_GIB = new Holdings("Volume", "accountNumber", "userId", "state <> 'deleted'",
      "sum(sizeGiB)");
  /** EBS snapshots, whatever their state (clc-snapshots). */
  public static final Holdings SNAPSHOTS = new Holdings("Snapshot", "accountNumber", "userId", null);

  public long ofAccount(Session s, String accountNumber) {
    return count(s, accountField, accountNumber);
  }

  public boolean countsUsers() {
    return userField != null;
  }

  public long ofUser(Session s, String userId) {
    return count(s, userField, userId);
  }

  private long count(Session s, String field, String value) {
    String hql = "select " + measure + " from " + entity + " where " + field + " = :v"
        + (condition == null ? "" : " and (" + condition + ")");
    Object held = s.createQuery(hql, Object.class).setParameter("v", value).uniqueResult();
    return held == null ? 0 : ((Number) held).longValue(); // a sum over no rows is null
  }
}
