package org.eucalyptus.clc.errors;

/** A cluster controller refused the work with a fault of its own. */
public final class ClusterFailureException extends DomainException {
  public ClusterFailureException(ResourceKind resource, String message) {
    super(resource, message);
  }
}
