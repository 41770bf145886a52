package org.eucalyptus.cc.api;

/** A request the cluster controller refuses, with the fault code the CLC sees. */
public final class CcException extends Exception {
  private final String code;

  public CcException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
