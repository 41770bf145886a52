package org.eucalyptus.clc.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.common.xml.XmlChars;

/** A Query API error (EC2, IAM, admin services): its code as the API spells it, a message for people, and the HTTP status. */
public final class ApiException extends Exception {
  private final String code;
  private final HttpResponseStatus status;

  public ApiException(String code, String message, HttpResponseStatus status) {
    super(message);
    this.code = code;
    this.status = status;
  }

  /** A client error (HTTP 400), the usual kind. */
  public ApiException(String code, String message) {
    this(code, message, HttpResponseStatus.BAD_REQUEST);
  }

  public String code() {
    return code;
  }

  public HttpResponseStatus status() {
    return status;
  }

  public static ApiException missing(String parameter) {
    return new ApiException("MissingParameter", "The request must contain the parameter " + XmlChars.printable(parameter));
  }

  /** EC2's InvalidParameterValue; the value is quoted as far as it is printable, and cut if long. */
  public static ApiException invalid(String parameter, String value, String why) {
    return new ApiException("InvalidParameterValue",
        "Value (" + XmlChars.printable(value) + ") for parameter " + XmlChars.printable(parameter) + " is invalid. "
            + why);
  }
}
