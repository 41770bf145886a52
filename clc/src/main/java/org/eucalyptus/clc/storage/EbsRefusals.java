package org.eucalyptus.clc.storage;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.errors.ConflictException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.InsufficientCapacityException;
import org.eucalyptus.clc.errors.InvalidException;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.errors.UnavailableException;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/**
 * The one place where a failed call of the EBS actions to a component (the zone's storage
 * controller, or the cluster controller relaying its node's answer) becomes the domain's error, and
 * so, through {@code api.ApiErrors}, EC2's. A fault code that says the request was wrong as sent
 * (common's SenderFaults codes) keeps its meaning: VolumeNotFound is InvalidVolume.NotFound,
 * SnapshotNotFound InvalidSnapshot.NotFound, InstanceNotFound InvalidInstanceID.NotFound,
 * IncorrectState IncorrectState, VolumeInUse VolumeInUse, InvalidParameter(Value)
 * InvalidParameterValue, a node without a free device AttachmentLimitExceeded, no room
 * InsufficientVolumeCapacity. The component's own failure (InternalError, NodeError, HypervisorError,
 * a service stopping, any code not known here) and a component that cannot be reached, or refuses
 * the cloud's signature, are Unavailable (503) in words: the component's text (which may hold a Java
 * exception) goes to the log, not to the client. A RuntimeException that is not the SOAP client's
 * (WebServiceException) is the CLC's own failure and is thrown on as it is.
 */
public final class EbsRefusals {
  private static final Logger LOG = LogManager.getLogger(EbsRefusals.class);

  /** Which component was called: it names it in the message, and what an IncorrectState is about. */
  public enum Component {
    STORAGE("storage controller", ResourceKind.STORAGE, ResourceKind.VOLUME),
    CLUSTER("cluster controller", ResourceKind.CLUSTER, ResourceKind.INSTANCE);

    private final String words;
    private final ResourceKind self;
    private final ResourceKind stateOf;

    Component(String words, ResourceKind self, ResourceKind stateOf) {
      this.words = words;
      this.self = self;
      this.stateOf = stateOf;
    }
  }

  private EbsRefusals() {}

  /**
   * The domain's error for {@code e}, thrown by a call to {@code component} of {@code zone} while
   * trying to {@code what} (e.g. "delete volume vol-12345678"); a DomainException passes as it is.
   */
  public static DomainException of(Component component, String zone, String what, Exception e) {
    if (e instanceof DomainException d) {
      return d;
    }
    if (e instanceof EucalyptusFault_Exception f && f.getFaultInfo() != null && f.getFaultInfo().getCode() != null) {
      return ofFault(component, zone, what, f.getFaultInfo().getCode(), f.getFaultInfo().getMessage());
    }
    if (e instanceof RuntimeException r && !(r instanceof jakarta.xml.ws.WebServiceException)) {
      throw r; // not the component's answer but a failure of ours: it stays an InternalError
    }
    LOG.warn("could not {}: the {} of zone {} did not answer: {}", what, component.words, zone, e.toString());
    return new UnavailableException(component.self, "Could not " + what + ": the " + component.words + " of zone "
        + zone + " cannot be reached or did not accept the cloud's call; try again later.");
  }

  /** A fault the component raised with {@code code}. */
  static DomainException ofFault(Component component, String zone, String what, String code, String message) {
    String said = "Could not " + what + ": " + (message == null || message.isBlank() ? code : message);
    return switch (code) {
      case "VolumeNotFound" -> new NotFoundException(ResourceKind.VOLUME, said);
      case "SnapshotNotFound" -> new NotFoundException(ResourceKind.SNAPSHOT, said);
      case "InstanceNotFound" -> new NotFoundException(ResourceKind.INSTANCE, said);
      case "IncorrectState" -> new ConflictException(component.stateOf, said);
      case "VolumeInUse" -> new ConflictException(ResourceKind.VOLUME_ATTACHMENT, said);
      case "InvalidParameter", "InvalidParameterValue" -> new InvalidException(ResourceKind.VOLUME, said);
      case "VolumeLimitExceeded", "AttachmentLimitExceeded" ->
          new LimitExceededException(ResourceKind.VOLUME_ATTACHMENT, said);
      case "InsufficientCapacity", "InsufficientVolumeCapacity" ->
          new InsufficientCapacityException(ResourceKind.VOLUME, "Could not " + what + ": the " + component.words
              + " of zone " + zone + " has no room for it.");
      default -> {
        LOG.warn("could not {}: the {} of zone {} failed: {}: {}", what, component.words, zone, code, message);
        yield new UnavailableException(component.self, "Could not " + what + ": the " + component.words
            + " of zone " + zone + " failed (" + code + "); try again later.");
      }
    };
  }
}
