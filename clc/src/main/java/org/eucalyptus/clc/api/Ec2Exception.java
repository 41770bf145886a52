package org.eucalyptus.clc.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.common.xml.XmlChars;

/** An EC2 API error: its code as EC2 spells it, a message for people, and the HTTP status EC2 uses. */
public final class Ec2Exception extends Exception {
  private final String code;
  private final HttpResponseStatus status;

  public Ec2Exception(String code, String message, HttpResponseStatus status) {
    super(message);
    this.code = code;
    this.status = status;
  }

  /** A client error (HTTP 400), the usual kind. */
  public Ec2Exception(String code, String message) {
    this(code, message, HttpResponseStatus.BAD_REQUEST);
  }

  public String code() {
    return code;
  }

  public HttpResponseStatus status() {
    return status;
  }

  public static Ec2Exception missing(String parameter) {
    return new Ec2Exception("MissingParameter", "The request must contain the parameter " + XmlChars.printable(parameter));
  }

  /** EC2's InvalidParameterValue; the value is quoted as far as it is printable, and cut if long. */
  public static Ec2Exception invalid(String parameter, String value, String why) {
    return new Ec2Exception("InvalidParameterValue",
        "Value (" + XmlChars.printable(value) + ") for parameter " + XmlChars.printable(parameter) + " is invalid. "
            + why);
  }
}
