package org.eucalyptus.clc.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.errors.AlreadyExistsException;
import org.eucalyptus.clc.errors.ClusterFailureException;
import org.eucalyptus.clc.errors.ConflictException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.InsufficientCapacityException;
import org.eucalyptus.clc.errors.InvalidException;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.NotPermittedException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.errors.UnavailableException;

/**
 * The one mapping from the cloud controller's domain errors to the Query APIs' error codes and HTTP
 * status: IAM's codes for identity resources (users, keys, certificates, accounts), EC2's for the
 * rest. {@link QueryService#execute} applies it to whatever an action lets through, so the EC2 SOAP
 * API (which runs the same actions) faults with the same code, Client for 4xx and Server for 5xx.
 */
public final class ApiErrors {
  private ApiErrors() {}

  /** EC2's refusal of an action the caller's policies do not allow (403). */
  public static ApiException unauthorizedOperation() {
    return new ApiException("UnauthorizedOperation", "You are not authorized to perform this operation.",
        HttpResponseStatus.FORBIDDEN);
  }

  /** IAM's (and the admin services') refusal of an action the caller may not do (403). */
  public static ApiException accessDenied(String message) {
    return new ApiException("AccessDenied", message, HttpResponseStatus.FORBIDDEN);
  }

  public static ApiException of(DomainException e) {
    ResourceKind what = e.resource();
    if (e instanceof UnavailableException) {
      return new ApiException("Unavailable", e.getMessage(), HttpResponseStatus.SERVICE_UNAVAILABLE);
    }
    if (e instanceof InsufficientCapacityException && what == ResourceKind.VOLUME) {
      // A storage controller without room for a volume (storage/EbsRefusals): EC2's code, try again later.
      return new ApiException("InsufficientVolumeCapacity", e.getMessage(), HttpResponseStatus.SERVICE_UNAVAILABLE);
    }
    if (e instanceof InsufficientCapacityException) {
      return new ApiException("InsufficientInstanceCapacity", e.getMessage(), HttpResponseStatus.INTERNAL_SERVER_ERROR);
    }
    if (e instanceof ClusterFailureException) {
      return new ApiException("InternalError", e.getMessage(), HttpResponseStatus.INTERNAL_SERVER_ERROR);
    }
    if (what.identity()) {
      return identity(e);
    }
    return new ApiException(compute(e, what), e.getMessage());
  }

  /** IAM's codes, each with its HTTP status. */
  private static ApiException identity(DomainException e) {
    if (e instanceof NotFoundException) {
      return new ApiException("NoSuchEntity", e.getMessage(), HttpResponseStatus.NOT_FOUND);
    }
    if (e instanceof AlreadyExistsException) {
      return new ApiException("EntityAlreadyExists", e.getMessage(), HttpResponseStatus.CONFLICT);
    }
    if (e instanceof ConflictException || e instanceof NotPermittedException) {
      return new ApiException("DeleteConflict", e.getMessage(), HttpResponseStatus.CONFLICT);
    }
    if (e instanceof LimitExceededException) {
      return new ApiException("LimitExceeded", e.getMessage(), HttpResponseStatus.CONFLICT);
    }
    return new ApiException("ValidationError", e.getMessage());
  }

  /** EC2's codes (all HTTP 400). */
  private static String compute(DomainException e, ResourceKind what) {
    if (e instanceof NotFoundException) {
      return switch (what) {
        case ADDRESS -> "InvalidAddress.NotFound";
        case INSTANCE -> "InvalidInstanceID.NotFound";
        case IMAGE -> "InvalidAMIID.NotFound";
        case KEY_PAIR -> "InvalidKeyPair.NotFound";
        case SECURITY_GROUP -> "InvalidGroup.NotFound";
        case SECURITY_GROUP_RULE -> "InvalidPermission.NotFound";
        // clc-volumes
        case VOLUME -> "InvalidVolume.NotFound";
        case VOLUME_ATTACHMENT -> "InvalidAttachment.NotFound";
        // clc-snapshots
        case SNAPSHOT -> "InvalidSnapshot.NotFound";
        default -> "InvalidParameterValue";
      };
    }
    if (e instanceof AlreadyExistsException) {
      return switch (what) {
        case KEY_PAIR -> "InvalidKeyPair.Duplicate";
        case SECURITY_GROUP -> "InvalidGroup.Duplicate";
        case SECURITY_GROUP_RULE -> "InvalidPermission.Duplicate";
        default -> "InvalidParameterValue";
      };
    }
    if (e instanceof ConflictException) {
      return switch (what) {
        case SECURITY_GROUP -> "InvalidGroup.InUse";
        case CLUSTER -> "InvalidState";
        // clc-volumes: a volume (or instance) in the wrong state, a volume attached, zones that differ
        case VOLUME, INSTANCE -> "IncorrectState";
        case VOLUME_ATTACHMENT -> "VolumeInUse";
        case AVAILABILITY_ZONE -> "InvalidVolume.ZoneMismatch";
        // clc-snapshots: a snapshot not in the state the request needs
        case SNAPSHOT -> "IncorrectState";
        case STORAGE -> "InvalidState"; // clc-plumbing: a storage controller whose zone still has volumes
        default -> "InvalidParameterValue";
      };
    }
    if (e instanceof NotPermittedException) {
      return what == ResourceKind.SECURITY_GROUP ? "CannotDelete" : "OperationNotPermitted";
    }
    if (e instanceof LimitExceededException) {
      return switch (what) {
        case TAG -> "TagLimitExceeded";
        case ADDRESS -> "AddressLimitExceeded";
        // Quotas (Limit statements): EC2's own codes where it has one, its generic one for images.
        case INSTANCE -> "InstanceLimitExceeded";
        case IMAGE -> "ResourceLimitExceeded";
        case VOLUME -> "VolumeLimitExceeded"; // clc-volumes: quotas and the storage.* size properties
        case SNAPSHOT -> "SnapshotLimitExceeded"; // clc-snapshots
        case VOLUME_ATTACHMENT -> "AttachmentLimitExceeded"; // a node with no free device left (EbsRefusals)
        default -> "LimitExceeded";
      };
    }
    return "InvalidParameterValue"; // InvalidException
  }
}
