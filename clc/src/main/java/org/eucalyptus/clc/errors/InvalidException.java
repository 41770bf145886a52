package org.eucalyptus.clc.errors;

/** A value the domain refuses: a malformed name, a zone that does not exist, an address of another zone. */
public final class InvalidException extends DomainException {
  public InvalidException(ResourceKind resource, String message) {
    super(resource, message);
  }
}
