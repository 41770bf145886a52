package org.eucalyptus.clc.errors;

/**
 * Why the cloud controller would not or could not do what was asked, in its own terms: what kind of
 * failure (the subclass), about what kind of thing ({@link #resource()}), and a message for people.
 * Stores and services throw these; each protocol maps them to its own faults in one place
 * ({@code api.ApiErrors} for the Query APIs, whose codes the EC2 SOAP faults carry too).
 */
public abstract sealed class DomainException extends Exception
    permits NotFoundException, AlreadyExistsException, ConflictException, InvalidException, LimitExceededException,
    NotPermittedException, UnavailableException, InsufficientCapacityException, ClusterFailureException {
  private final ResourceKind resource;

  DomainException(ResourceKind resource, String message) {
    super(message);
    this.resource = resource;
  }

  public ResourceKind resource() {
    return resource;
  }
}
