package org.eucalyptus.clc.errors;

/** The thing is protected against this change: the default group, an account's admin user, the system account, an instance with disableApiTermination. */
public final class NotPermittedException extends DomainException {
  public NotPermittedException(ResourceKind resource, String message) {
    super(resource, message);
  }
}
