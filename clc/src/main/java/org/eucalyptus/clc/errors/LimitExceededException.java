package org.eucalyptus.clc.errors;

/**
 * A limit is reached: tags per resource, access keys per user, the public addresses of the pools, and
 * the quotas of Limit statements ({@code quotas.QuotaGuard}).
 */
public final class LimitExceededException extends DomainException {
  public LimitExceededException(ResourceKind resource, String message) {
    super(resource, message);
  }
}
