package org.eucalyptus.clc.instances;

/** A launch refused or failed, with the EC2 error code that says why. */
public final class LaunchException extends Exception {
  private final String code;
  private final boolean serverSide;

  public LaunchException(String code, String message, boolean serverSide) {
    super(message);
    this.code = code;
    this.serverSide = serverSide;
  }

  public String code() {
    return code;
  }

  /** Whether the fault is the cloud's (HTTP 5xx) rather than the request's. */
  public boolean serverSide() {
    return serverSide;
  }
}
