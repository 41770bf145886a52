package org.eucalyptus.nc.hypervisor;

/** A hypervisor operation failed; the message says which and why. */
public final class HypervisorException extends Exception {
  public HypervisorException(String message, Throwable cause) {
    super(message, cause);
  }

  public HypervisorException(String message) {
    super(message);
  }
}
