package org.eucalyptus.sc.api;

/** A request the storage controller refuses, with the fault code the CLC sees. */
public final class ScException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String code;

  public ScException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }

  static ScException invalid(String message) {
    return new ScException("InvalidParameterValue", message);
  }
}
