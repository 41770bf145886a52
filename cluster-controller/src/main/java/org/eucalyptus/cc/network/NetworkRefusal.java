package org.eucalyptus.cc.network;

/**
 * A network request the cluster's mode or its network cannot satisfy. The reason says which fault
 * the caller's protocol answers with; the message is for the person who sent it.
 */
public final class NetworkRefusal extends Exception {
  /** Why the request is refused. */
  public enum Reason {
    /** The operation needs another VNET_MODE (an address in SYSTEM mode, say). */
    NOT_IN_THIS_MODE,
    /** The request names something the network does not have or cannot give (a tag, a host index). */
    INVALID,
    /** No address is left for a new instance. */
    NO_ADDRESS_LEFT
  }

  private final Reason reason;

  public NetworkRefusal(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The refusal of {@code operation} by a mode without group networks and public addresses. */
  static NetworkRefusal needsManaged(String operation) {
    return new NetworkRefusal(Reason.NOT_IN_THIS_MODE, operation + " needs VNET_MODE MANAGED or MANAGED-NOVLAN");
  }

  public Reason reason() {
    return reason;
  }
}
