package org.eucalyptus.clc.errors;

/** The change conflicts with what the thing holds or is used by: a group instances use, a user with keys, an account with resources, an address in use. */
public final class ConflictException extends DomainException {
  public ConflictException(ResourceKind resource, String message) {
    super(resource, message);
  }
}
