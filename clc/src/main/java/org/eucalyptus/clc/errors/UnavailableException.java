package org.eucalyptus.clc.errors;

/** A cluster the request needs is not ready or does not answer; trying again later may work. */
public final class UnavailableException extends DomainException {
  public UnavailableException(ResourceKind resource, String message) {
    super(resource, message);
  }
}
