package org.eucalyptus.clc.errors;

/** The thing named does not exist, or is not the caller's. */
public final class NotFoundException extends DomainException {
  public NotFoundException(ResourceKind resource, String message) {
    super(resource, message);
  }
}
