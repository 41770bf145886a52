package org.eucalyptus.clc.errors;

/** A thing with that name (or that exact rule) exists already. */
public final class AlreadyExistsException extends DomainException {
  public AlreadyExistsException(ResourceKind resource, String message) {
    super(resource, message);
  }
}
