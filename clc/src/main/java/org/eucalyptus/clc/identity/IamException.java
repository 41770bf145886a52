package org.eucalyptus.clc.identity;

/** An IAM request refused, with IAM's error code and HTTP status. */
public final class IamException extends Exception {
  private final String code;
  private final int status;

  public IamException(String code, String message, int status) {
    super(message);
    this.code = code;
    this.status = status;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  static IamException noSuchUser(String name) {
    return new IamException("NoSuchEntity", "The user with name " + name + " cannot be found.", 404);
  }
}
