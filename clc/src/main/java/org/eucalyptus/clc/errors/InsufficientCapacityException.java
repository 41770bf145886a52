package org.eucalyptus.clc.errors;

/** No cluster has room for what was asked (or none is registered). */
public final class InsufficientCapacityException extends DomainException {
  public InsufficientCapacityException(ResourceKind resource, String message) {
    super(resource, message);
  }
}
