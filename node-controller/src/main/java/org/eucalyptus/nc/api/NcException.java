package org.eucalyptus.nc.api;

/** A request the node controller refuses, with the fault code the cluster controller sees. */
public final class NcException extends Exception {
  private final String code;

  public NcException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static NcException notFound(String instanceId) {
    return new NcException("InstanceNotFound", "no instance " + instanceId + " on this node");
  }

  public static NcException invalid(String message) {
    return new NcException("InvalidParameter", message);
  }
}
